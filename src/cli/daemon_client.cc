#include "cli/daemon_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>

namespace drover::cli {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using Socket = asio::local::stream_protocol::socket;

constexpr std::array<ErrorCode, 7> kErrorCodes{
    ErrorCode::invalid,     ErrorCode::usage, ErrorCode::not_found, ErrorCode::conflict,
    ErrorCode::unavailable, ErrorCode::io,    ErrorCode::internal};

struct StatusGuess {
  unsigned status;
  ErrorCode code;
};

// When the body is not the API's error object (a proxy, a crash), the status decides.
constexpr std::array<StatusGuess, 5> kStatusGuesses{{{400, ErrorCode::invalid},
                                                     {404, ErrorCode::not_found},
                                                     {409, ErrorCode::conflict},
                                                     {422, ErrorCode::invalid},
                                                     {503, ErrorCode::unavailable}}};

// Without these, a daemon that accepts but never answers would hang the CLI.
void set_socket_timeouts(Socket& socket, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

Error connect_error(const boost::system::error_code& ec, const StatePaths& paths) {
  if (ec == asio::error::connection_refused || ec == asio::error::not_found ||
      ec == boost::system::errc::no_such_file_or_directory) {
    return {ErrorCode::unavailable, no_daemon_message(paths.dir)};
  }
  return make_error(ErrorCode::unavailable, "cannot connect to the drover daemon at {}: {}",
                    paths.socket().string(), ec.message());
}

Status connect(Socket& socket, const StatePaths& paths) {
  boost::system::error_code ec;
  try {
    socket.connect(asio::local::stream_protocol::endpoint(paths.socket().string()), ec);
  } catch (const boost::system::system_error& error) {  // path longer than sun_path
    return make_error(ErrorCode::unavailable,
                      "cannot use socket {}: {}; choose a shorter --state-dir",
                      paths.socket().string(), error.code().message());
  }
  if (ec) return connect_error(ec, paths);
  return {};
}

ApiResponse to_api_response(http::response<http::string_body>& response) {
  ApiResponse out;
  out.status = response.result_int();
  out.body = std::move(response.body());
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  return out;
}

}  // namespace

std::string ApiResponse::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

ErrorCode error_code_from_name(std::string_view name) {
  for (ErrorCode code : kErrorCodes) {
    if (name == error_code_name(code)) return code;
  }
  return ErrorCode::internal;
}

Error error_from_response(unsigned status, std::string_view body) {
  Json json = Json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("error") && json["error"].is_object()) {
    const Json& error = json["error"];
    return {error_code_from_name(error.value("code", "")), error.value("message", ""),
            error.value("details", Json())};
  }
  ErrorCode code = status >= 500 ? ErrorCode::internal : ErrorCode::invalid;
  for (auto guess : kStatusGuesses) {
    if (guess.status == status) code = guess.code;
  }
  std::string text(body.substr(0, 200));
  return make_error(code, "the daemon answered HTTP {}{}{}", status, text.empty() ? "" : ": ",
                    text);
}

std::string no_daemon_message(const std::filesystem::path& state_dir) {
  return "no drover daemon is running for state dir " + state_dir.string() +
         "; start one with `drover daemon start` (or `drover daemon` in the foreground)";
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<ApiResponse> DaemonClient::exchange(std::string_view method, std::string_view target,
                                           const std::string& body) const {
  asio::io_context io;
  Socket socket(io);
  DROVER_RETURN_IF_ERROR(connect(socket, m_paths));
  set_socket_timeouts(socket, m_timeout);
  using BeastView = boost::beast::string_view;
  http::request<http::string_body> request(
      http::string_to_verb(BeastView(method.data(), method.size())),
      BeastView(target.data(), target.size()), 11);
  request.set(http::field::host, "localhost");
  request.set(http::field::user_agent, "drover-cli/" DROVER_VERSION);
  request.keep_alive(false);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();
  boost::system::error_code ec;
  http::write(socket, request, ec);
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);  // a log tail may be large
  if (!ec) http::read(socket, buffer, parser, ec);
  if (ec) {
    return make_error(ErrorCode::unavailable, "the drover daemon at {} did not answer {} {}: {}",
                      m_paths.socket().string(), method, target, ec.message());
  }
  return to_api_response(parser.get());
}

Result<Json> DaemonClient::exchange_json(std::string_view method, std::string_view target,
                                         const std::string& body) const {
  DROVER_TRY(response, exchange(method, target, body));
  if (response->status < 200 || response->status >= 300) {
    return error_from_response(response->status, response->body);
  }
  if (response->body.empty()) return Json(nullptr);
  Json json = Json::parse(response->body, nullptr, false);
  if (json.is_discarded()) {
    return make_error(ErrorCode::internal, "the daemon sent invalid JSON for {} {}", method,
                      target);
  }
  return json;
}

Result<Json> DaemonClient::get(std::string_view target) const {
  return exchange_json("GET", target, "");
}

Result<Json> DaemonClient::post(std::string_view target, const Json& body) const {
  return exchange_json("POST", target, body.dump());
}

Result<Json> DaemonClient::put(std::string_view target, const Json& body) const {
  return exchange_json("PUT", target, body.dump());
}

Result<Json> DaemonClient::del(std::string_view target) const {
  return exchange_json("DELETE", target, "");
}

Result<ApiResponse> DaemonClient::get_text(std::string_view target) const {
  auto response = exchange("GET", target, "");
  if (response && (response->status < 200 || response->status >= 300)) {
    return error_from_response(response->status, response->body);
  }
  return response;
}

}  // namespace drover::cli
