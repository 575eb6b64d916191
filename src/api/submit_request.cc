#include "api/submit_request.h"

#include <array>
#include <charconv>
#include <string_view>

#include "core/duration.h"
#include "core/json_number.h"

namespace drover {
namespace {

constexpr std::array<std::string_view, 9> kFields{"type",  "params", "key",   "queue", "priority",
                                                  "delay", "at",     "force", "after"};

Error bad_field(std::string_view field, std::string_view expected) {
  return make_error(ErrorCode::invalid, "field \"{}\" must be {}", field, expected);
}

Status check_fields(const Json& body) {
  for (const auto& [name, value] : body.items()) {
    bool known = false;
    for (std::string_view field : kFields) known = known || field == name;
    if (!known) {
      return make_error(ErrorCode::invalid,
                        "unknown field \"{}\"; a job has type, params, key, queue, priority, "
                        "delay or at, force, after",
                        name);
    }
  }
  return {};
}

Status read_timing(const Json& body, SubmitRequest& request) {
  if (body.contains("delay") && body.contains("at")) {
    return make_error(ErrorCode::invalid, "give either \"delay\" or \"at\", not both");
  }
  if (auto it = body.find("delay"); it != body.end()) {
    if (!it->is_string()) return bad_field("delay", "a duration like \"10m\"");
    DROVER_TRY(delay, parse_duration(it->get<std::string>()));
    request.delay = *delay;
  }
  if (auto it = body.find("at"); it != body.end()) {
    auto at = it->is_string() ? parse_rfc3339(it->get<std::string>()) : std::nullopt;
    if (!at) return bad_field("at", "an RFC 3339 time like \"2026-11-24T10:30:00Z\"");
    request.at = *at;
  }
  return {};
}

// "after": [12, 13] names existing jobs; in a batch, "@2" names the batch's
// second job.
Status read_after(const Json& body, SubmitRequest& request) {
  auto it = body.find("after");
  if (it == body.end() || it->is_null()) return {};
  constexpr std::string_view kExpected = "a list of job ids (or \"@N\": job N of this batch)";
  if (!it->is_array()) return bad_field("after", kExpected);
  for (const Json& entry : *it) {
    if (auto id = whole_number_in<JobId>(entry); id && *id > 0) {
      request.after.push_back(*id);
      continue;
    }
    std::string text = entry.is_string() ? entry.get<std::string>() : "";
    int position = 0;
    const char* end = text.data() + text.size();
    bool parsed = text.size() >= 2 && text[0] == '@' &&
                  std::from_chars(text.data() + 1, end, position).ptr == end && position >= 1;
    if (!parsed) return bad_field("after", kExpected);
    request.after_in_batch.push_back(static_cast<std::size_t>(position - 1));
  }
  return {};
}

}  // namespace

Result<SubmitRequest> parse_submit_request(const Json& body) {
  if (!body.is_object()) return make_error(ErrorCode::invalid, "a job must be a JSON object");
  DROVER_RETURN_IF_ERROR(check_fields(body));
  SubmitRequest request;
  auto type = body.find("type");
  if (type == body.end() || !type->is_string()) return bad_field("type", "a type name");
  request.type = type->get<std::string>();
  if (auto it = body.find("params"); it != body.end()) {
    if (!it->is_object()) return bad_field("params", "an object");
    request.params = *it;
  }
  if (auto it = body.find("key"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) return bad_field("key", "a string");
    request.key = it->get<std::string>();
  }
  if (auto it = body.find("queue"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) return bad_field("queue", "a queue name");
    request.queue = it->get<std::string>();
  }
  if (auto it = body.find("priority"); it != body.end() && !it->is_null()) {
    auto priority = whole_number_in<int>(*it);
    if (!priority) return bad_field("priority", "an integer (32 bits)");
    request.priority = *priority;
  }
  if (auto it = body.find("force"); it != body.end()) {
    if (!it->is_boolean()) return bad_field("force", "true or false");
    request.force = it->get<bool>();
  }
  DROVER_RETURN_IF_ERROR(read_timing(body, request));
  DROVER_RETURN_IF_ERROR(read_after(body, request));
  return request;
}

}  // namespace drover
