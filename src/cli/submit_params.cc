#include "cli/submit_params.h"

namespace drover::cli {

Json parse_param_value(std::string_view text) {
  Json value = Json::parse(text, nullptr, false);
  if (value.is_number() || value.is_boolean() || value.is_array() || value.is_object()) {
    return value;
  }
  return std::string(text);
}

Result<Json> parse_params(const std::vector<std::string>& assignments) {
  Json params = Json::object();
  for (const std::string& assignment : assignments) {
    std::size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      return make_error(ErrorCode::usage,
                        "param \"{}\" must be NAME=VALUE, e.g. url=https://example.com",
                        assignment);
    }
    std::string name = assignment.substr(0, equals);
    if (params.contains(name)) {
      return make_error(ErrorCode::usage, "param \"{}\" is given twice", name);
    }
    params[name] = parse_param_value(std::string_view(assignment).substr(equals + 1));
  }
  return params;
}

}  // namespace drover::cli
