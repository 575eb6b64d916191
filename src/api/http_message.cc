#include "api/http_message.h"

#include <charconv>

namespace drover {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() + 0 && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<std::string> HttpRequest::query_value(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::string HttpRequest::header(const std::string& lower_case_name) const {
  auto it = headers.find(lower_case_name);
  return it == headers.end() ? std::string() : it->second;
}

HttpResponse HttpResponse::json(int status, const nlohmann::json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump();
  return response;
}

HttpResponse HttpResponse::event_stream(StreamStarter start) {
  HttpResponse response;
  response.content_type = "text/event-stream; charset=utf-8";
  // Proxies that buffer would hold events back.
  response.headers = {{"X-Accel-Buffering", "no"}};
  response.stream = std::move(start);
  return response;
}

HttpResponse HttpResponse::file_content(UniqueFd file, std::string content_type) {
  HttpResponse response;
  response.content_type = std::move(content_type);
  response.file = std::make_shared<UniqueFd>(std::move(file));
  return response;
}

HttpResponse HttpResponse::error(const Error& error) {
  nlohmann::json body = {{"code", error_code_name(error.code)}, {"message", error.message}};
  if (!error.details.is_null()) body["details"] = error.details;
  return json(http_status_for(error.code), {{"error", std::move(body)}});
}

HttpResponse HttpResponse::error(int status, std::string_view code, std::string message) {
  return json(status, {{"error", {{"code", code}, {"message", std::move(message)}}}});
}

Result<nlohmann::json> parse_json_body(const HttpRequest& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) {
    return make_error(ErrorCode::invalid, "the request body is not valid JSON");
  }
  return body;
}

Result<std::int64_t> parse_non_negative(std::string_view text, std::string_view what) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return make_error(ErrorCode::invalid, "{} must be a non-negative integer, got \"{}\"", what,
                      text);
  }
  return value;
}

Result<std::int64_t> job_id_param(const HttpRequest& request) {
  return parse_non_negative(request.path_params.at("id"), "the job id");
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> values;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::size_t eq = pair.find('=');
    std::string name = percent_decode(pair.substr(0, eq), true);
    std::string value =
        eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), true);
    if (!name.empty()) values[name] = std::move(value);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return values;
}

}  // namespace drover
