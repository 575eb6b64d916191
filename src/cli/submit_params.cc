#include "cli/submit_params.h"

#include "core/config.h"
#include "core/param_schema.h"

namespace drover::cli {

Json parse_param_value(std::string_view text) {
  Json value = Json::parse(text, nullptr, false);
  if (value.is_number() || value.is_boolean() || value.is_array() || value.is_object()) {
    return value;
  }
  return std::string(text);
}

namespace {

// The value as the schema's property declares it, else as parse_param_value reads it.
Result<Json> typed_value(const std::string& name, std::string_view text, const Json& schema) {
  const Json* property = nullptr;
  if (schema.is_object() && schema.contains("properties")) {
    auto found = schema["properties"].find(name);
    if (found != schema["properties"].end() && found->is_object()) property = &*found;
  }
  if (property == nullptr) return parse_param_value(text);
  ParamSpec spec;
  spec.name = name;
  spec.type = property->value("type", "string");
  if (property->contains("items")) spec.items = (*property)["items"].value("type", "string");
  Result<Json> value = parse_param_text(spec, text);
  if (!value) return Error{ErrorCode::usage, value.error().message};
  return value;
}

}  // namespace

Result<Json> parse_params(const std::vector<std::string>& assignments, const Json& schema) {
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
    DROVER_TRY(value, typed_value(name, std::string_view(assignment).substr(equals + 1), schema));
    params[name] = std::move(*value);
  }
  return params;
}

}  // namespace drover::cli
