#include "core/param_schema.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <regex>

namespace drover {
namespace {

struct ParamType {
  std::string_view name;
  std::string_view expected;  // "must be ..."
  bool (*matches)(const Json& value);
};

constexpr std::array<ParamType, 6> kParamTypes{{
    {"string", "a string", [](const Json& v) { return v.is_string(); }},
    {"integer", "an integer", [](const Json& v) { return v.is_number_integer(); }},
    {"number", "a number", [](const Json& v) { return v.is_number(); }},
    {"boolean", "true or false", [](const Json& v) { return v.is_boolean(); }},
    {"array", "an array", [](const Json& v) { return v.is_array(); }},
    {"object", "an object", [](const Json& v) { return v.is_object(); }},
}};

// libstdc++'s std::regex recurses once per character: a long submitted value
// would overflow the stack, so values longer than this are refused instead.
constexpr std::size_t kMaxPatternInput = 8192;

const ParamType* find_param_type(std::string_view name) {
  for (const ParamType& type : kParamTypes) {
    if (type.name == name) return &type;
  }
  return nullptr;
}

std::optional<std::string> pattern_problem(const ParamSpec& spec, const std::string& value) {
  if (value.size() > kMaxPatternInput) {
    return fmt::format("{} is too long to check against its pattern ({} bytes, at most {})",
                       spec.name, value.size(), kMaxPatternInput);
  }
  try {
    if (std::regex_match(value, std::regex(*spec.pattern))) return std::nullopt;
  } catch (const std::regex_error&) {
    return fmt::format("{} could not be checked against its pattern {}", spec.name, *spec.pattern);
  }
  return fmt::format("{} must match {} (the whole value), got {}", spec.name, *spec.pattern,
                     describe_json(value));
}

// "384, 768" or "mirror, shallow": the values as a user writes them on the command line.
std::string enum_list(const ParamSpec& spec) {
  std::vector<std::string> names;
  for (const Json& allowed : spec.enum_values) {
    names.push_back(allowed.is_string() ? allowed.get<std::string>() : allowed.dump());
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

// 768 matches an enum entry 768.0 too: numbers compare by value, not by JSON kind.
bool in_enum(const ParamSpec& spec, const Json& value) {
  return std::any_of(spec.enum_values.begin(), spec.enum_values.end(), [&](const Json& allowed) {
    if (value.is_number() && allowed.is_number())
      return value.get<double>() == allowed.get<double>();
    return allowed == value;
  });
}

std::optional<std::string> enum_problem(const ParamSpec& spec, const Json& value) {
  if (spec.enum_values.empty() || in_enum(spec, value)) return std::nullopt;
  return fmt::format("{} must be one of {}, got {}", spec.name, enum_list(spec),
                     describe_json(value));
}

std::vector<std::string> string_problems(const ParamSpec& spec, const std::string& value) {
  std::vector<std::string> problems;
  if (spec.pattern) {
    if (auto problem = pattern_problem(spec, value)) problems.push_back(std::move(*problem));
  }
  if (auto problem = enum_problem(spec, value)) problems.push_back(std::move(*problem));
  return problems;
}

std::vector<std::string> bound_problems(const ParamSpec& spec, const Json& value) {
  double number = value.get<double>();
  // fmt writes 1.0 as "1", as the user wrote the bound.
  if (spec.min && number < *spec.min) {
    return {
        fmt::format("{} must be at least {}, got {}", spec.name, *spec.min, describe_json(value))};
  }
  if (spec.max && number > *spec.max) {
    return {
        fmt::format("{} must be at most {}, got {}", spec.name, *spec.max, describe_json(value))};
  }
  return {};
}

std::vector<std::string> item_problems(const ParamSpec& spec, const Json& items) {
  std::vector<std::string> problems;
  ParamSpec item_spec;
  item_spec.type = spec.items;
  for (std::size_t index = 0; index < items.size(); ++index) {
    item_spec.name = fmt::format("{}[{}]", spec.name, index);
    for (std::string& problem : check_param_value(item_spec, items[index])) {
      problems.push_back(std::move(problem));
    }
  }
  return problems;
}

template <typename Number>
std::optional<Json> parse_whole_number(std::string_view text) {
  Number number{};
  auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (failure != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return Json(number);
}

// JSON text of the wanted kind (an array or an object), or nullopt.
std::optional<Json> parse_json_of_kind(std::string_view text,
                                       bool (Json::*is_kind)() const noexcept) {
  Json parsed = Json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !(parsed.*is_kind)()) return std::nullopt;
  return parsed;
}

// "a,b,c" for arrays of scalars; JSON text when it starts with '['.
std::optional<Json> parse_array_text(const ParamSpec& spec, std::string_view text) {
  if (text.starts_with('[')) return parse_json_of_kind(text, &Json::is_array);
  Json items = Json::array();
  ParamSpec item_spec;
  item_spec.name = spec.name;
  item_spec.type = spec.items;
  while (!text.empty()) {
    std::size_t comma = std::min(text.find(','), text.size());
    Result<Json> item = parse_param_text(item_spec, text.substr(0, comma));
    if (!item) return std::nullopt;
    items.push_back(std::move(*item));
    text.remove_prefix(std::min(comma + 1, text.size()));
  }
  return items;
}

std::optional<Json> parse_text_as(const ParamSpec& spec, std::string_view text) {
  if (spec.type == "string") return Json(std::string(text));
  if (spec.type == "integer") return parse_whole_number<std::int64_t>(text);
  if (spec.type == "number") {
    // "0" stays the integer 0, as in JSON: a job's argv gets "0", not "0.0".
    if (auto whole = parse_whole_number<std::int64_t>(text)) return whole;
    return parse_whole_number<double>(text);
  }
  if (spec.type == "boolean" && (text == "true" || text == "false")) return Json(text == "true");
  if (spec.type == "array") return parse_array_text(spec, text);
  if (spec.type == "object") return parse_json_of_kind(text, &Json::is_object);
  return std::nullopt;
}

}  // namespace

Result<Json> parse_param_text(const ParamSpec& spec, std::string_view text) {
  if (std::optional<Json> value = parse_text_as(spec, text)) return std::move(*value);
  const ParamType* type = find_param_type(spec.type);
  std::string_view expected = type != nullptr ? type->expected : spec.type;
  std::string_view hint = spec.type == "array"    ? " (comma-separated, or JSON)"
                          : spec.type == "object" ? " (JSON)"
                                                  : "";
  return make_error(ErrorCode::invalid, "{} must be {}{}, got {}", spec.name, expected, hint,
                    describe_json(Json(std::string(text))));
}

bool is_param_type(std::string_view name) { return find_param_type(name) != nullptr; }

std::string param_type_list() { return "string, integer, number, boolean, array or object"; }

std::vector<std::string> check_param_value(const ParamSpec& spec, const Json& value) {
  const ParamType* type = find_param_type(spec.type);
  if (type == nullptr) return {fmt::format("{} has an unknown type {}", spec.name, spec.type)};
  if (!type->matches(value)) {
    return {fmt::format("{} must be {}, got {}", spec.name, type->expected, describe_json(value))};
  }
  if (value.is_string()) return string_problems(spec, value.get_ref<const std::string&>());
  if (value.is_number()) {
    if (auto problem = enum_problem(spec, value)) return {std::move(*problem)};
    return bound_problems(spec, value);
  }
  if (value.is_array()) return item_problems(spec, value);
  return {};
}

std::string describe_json(const Json& value) {
  constexpr std::size_t kMaxBytes = 60;
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() <= kMaxBytes) return text;
  std::size_t cut = kMaxBytes;
  // Never cut inside a UTF-8 sequence: the message may end up in JSON.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

Result<Json> validate_params(const TypeConfig& type, const Json& params) {
  if (!params.is_null() && !params.is_object()) {
    return make_error(ErrorCode::invalid, "invalid params for {}: params must be an object, got {}",
                      type.name, describe_json(params));
  }
  Json filled = params.is_null() ? Json::object() : params;
  std::vector<std::string> problems;
  for (const auto& [name, value] : filled.items()) {
    if (type.find_param(name) != nullptr) continue;
    std::vector<std::string_view> known;
    for (const ParamSpec& spec : type.params) known.push_back(spec.name);
    problems.push_back(known.empty() ? fmt::format("{} takes no params, got {}", type.name, name)
                                     : fmt::format("{} is not a param of {} (it has {})", name,
                                                   type.name, fmt::join(known, ", ")));
  }
  for (const ParamSpec& spec : type.params) {
    auto found = filled.find(spec.name);
    if (found == filled.end() || found->is_null()) {
      // An explicit null means "not given", so templates see one kind of absence.
      if (found != filled.end()) filled.erase(found);
      if (spec.default_value) {
        filled[spec.name] = *spec.default_value;
      } else if (spec.required) {
        problems.push_back(fmt::format("{} is required", spec.name));
      }
      continue;
    }
    for (std::string& problem : check_param_value(spec, *found))
      problems.push_back(std::move(problem));
  }
  if (!problems.empty()) {
    return make_error(ErrorCode::invalid, "invalid params for {}: {}", type.name,
                      fmt::join(problems, "; "));
  }
  return filled;
}

Json params_json_schema(const TypeConfig& type) {
  Json properties = Json::object();
  Json required = Json::array();
  Json order = Json::array();
  for (const ParamSpec& spec : type.params) {
    order.push_back(spec.name);
    Json property = {{"type", spec.type}};
    if (!spec.description.empty()) property["description"] = spec.description;
    if (spec.default_value) property["default"] = *spec.default_value;
    if (spec.pattern) property["pattern"] = "^(?:" + *spec.pattern + ")$";
    if (!spec.enum_values.empty()) property["enum"] = spec.enum_values;
    if (spec.min) property["minimum"] = *spec.min;
    if (spec.max) property["maximum"] = *spec.max;
    if (spec.type == "array") property["items"] = {{"type", spec.items}};
    properties[spec.name] = std::move(property);
    if (spec.required) required.push_back(spec.name);
  }
  return {
      {"type", "object"},
      {"properties", std::move(properties)},
      {"required", std::move(required)},
      {"additionalProperties", false},
      // JSON objects have no order (ours print sorted): drover.toml's order, for forms and lists.
      {"x-order", std::move(order)}};
}

}  // namespace drover
