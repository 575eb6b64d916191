#include "protocol/json_text.h"

namespace drover {
namespace {

// Deepest bracket nesting outside strings; stops counting past the limit.
int nesting_depth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > kMaxJsonDepth) break;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

std::string to_json_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Json> parse_json_text(std::string_view text, std::string_view what) {
  if (nesting_depth(text) > kMaxJsonDepth) {
    return make_error(ErrorCode::invalid, "{}: JSON nested deeper than {} levels", what,
                      kMaxJsonDepth);
  }
  Json value = Json::parse(text.begin(), text.end(), nullptr, false);
  if (value.is_discarded()) return make_error(ErrorCode::invalid, "{}: invalid JSON", what);
  return value;
}

Result<std::int64_t> int_field(const Json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end() || !found->is_number_integer()) {
    return make_error(ErrorCode::invalid, "field \"{}\" must be an integer", name);
  }
  return found->get<std::int64_t>();
}

Result<std::string> string_field(const Json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end() || !found->is_string()) {
    return make_error(ErrorCode::invalid, "field \"{}\" must be a string", name);
  }
  return found->get<std::string>();
}

std::optional<std::int64_t> optional_int_field(const Json& object, const char* name) {
  auto found = object.find(name);
  if (found == object.end() || !found->is_number_integer()) return std::nullopt;
  return found->get<std::int64_t>();
}

}  // namespace drover
