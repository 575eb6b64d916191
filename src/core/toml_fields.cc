#include "core/toml_fields.h"

#include <cctype>
#include <limits>
#include <regex>
#include <sstream>

#include "core/duration.h"
#include "core/param_schema.h"

namespace drover {
namespace {

std::uint32_t line_of(const toml::source_region& region) { return region.begin.line; }

template <typename T>
std::string streamed(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

Result<std::int64_t> read_integer(const Field& field, std::string_view expectation) {
  const auto* integer = field.node->as_integer();
  if (integer == nullptr) return field.expected(expectation);
  return integer->get();
}

}  // namespace

Error Field::error(std::string_view what) const {
  if (line == 0) return make_error(ErrorCode::invalid, "{}: {}", source, what);
  return make_error(ErrorCode::invalid, "{}:{}: {}", source, line, what);
}

Error Field::expected(std::string_view expectation) const {
  return error(fmt::format("{} must be {}, got {}", path, expectation, describe_toml(*node)));
}

Field Field::child(const toml::key& key, const toml::node& value) const {
  std::uint32_t value_line = line_of(value.source());
  std::string child_path =
      path.empty() ? std::string(key.str()) : fmt::format("{}.{}", path, key.str());
  // Implicit tables (`[types.x]` creates `types`) may have no position; the key has one.
  return Field{&value, std::move(child_path), source,
               value_line != 0 ? value_line : line_of(key.source())};
}

Field Field::element(std::size_t index, const toml::node& value) const {
  std::uint32_t value_line = line_of(value.source());
  return Field{&value, fmt::format("{}[{}]", path, index), source,
               value_line != 0 ? value_line : line};
}

Field root_field(const toml::table& root, std::string_view source) {
  return Field{&root, "", source, 0};
}

std::string describe_toml(const toml::node& node) {
  if (node.is_table()) return "a table";
  return describe_json(toml_to_json(node));
}

Json toml_to_json(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* integer = node.as_integer()) return integer->get();
  if (const auto* number = node.as_floating_point()) return number->get();
  if (const auto* flag = node.as_boolean()) return flag->get();
  if (const auto* array = node.as_array()) {
    Json list = Json::array();
    for (const toml::node& item : *array) list.push_back(toml_to_json(item));
    return list;
  }
  if (const auto* table = node.as_table()) {
    Json object = Json::object();
    for (auto&& [key, value] : *table) object[std::string(key.str())] = toml_to_json(value);
    return object;
  }
  if (const auto* date = node.as_date()) return streamed(*date);
  if (const auto* time = node.as_time()) return streamed(*time);
  if (const auto* date_time = node.as_date_time()) return streamed(*date_time);
  return nullptr;
}

Result<std::string> read_string(const Field& field) {
  const auto* text = field.node->as_string();
  if (text == nullptr) return field.expected("a string");
  return text->get();
}

Result<bool> read_bool(const Field& field) {
  const auto* flag = field.node->as_boolean();
  if (flag == nullptr) return field.expected("true or false");
  return flag->get();
}

Result<int> read_positive_int(const Field& field) {
  constexpr std::string_view kExpectation = "a positive integer";
  DROVER_TRY(value, read_integer(field, kExpectation));
  if (*value < 1 || *value > std::numeric_limits<int>::max()) return field.expected(kExpectation);
  return static_cast<int>(*value);
}

Result<int> read_count(const Field& field) {
  constexpr std::string_view kExpectation = "an integer, zero or more";
  DROVER_TRY(value, read_integer(field, kExpectation));
  if (*value < 0 || *value > std::numeric_limits<int>::max()) return field.expected(kExpectation);
  return static_cast<int>(*value);
}

Result<double> read_number(const Field& field) {
  std::optional<double> number = field.node->value<double>();  // integers convert too
  if (!number) return field.expected("a number");
  return *number;
}

Result<Millis> read_duration(const Field& field) {
  constexpr std::string_view kExpectation =
      R"(a duration like "30s", "10m", "2h", "7d" or "1h30m")";
  const auto* text = field.node->as_string();
  if (text == nullptr) return field.expected(kExpectation);
  Result<Millis> millis = parse_duration(text->get());
  if (!millis) return field.expected(kExpectation);
  return *millis;
}

Result<std::uint64_t> read_size(const Field& field) {
  constexpr std::string_view kExpectation = R"(a size like "512KiB", "50MiB" or "1GiB")";
  if (const auto* integer = field.node->as_integer(); integer != nullptr && integer->get() >= 0) {
    return static_cast<std::uint64_t>(integer->get());  // a bare number is bytes
  }
  const auto* text = field.node->as_string();
  if (text == nullptr) return field.expected(kExpectation);
  Result<std::uint64_t> bytes = parse_size(text->get());
  if (!bytes) return field.expected(kExpectation);
  return *bytes;
}

Result<std::vector<std::string>> read_string_array(const Field& field) {
  const auto* array = field.node->as_array();
  if (array == nullptr) return field.expected("an array of strings");
  std::vector<std::string> strings;
  for (std::size_t index = 0; index < array->size(); ++index) {
    DROVER_TRY(text, read_string(field.element(index, *array->get(index))));
    strings.push_back(std::move(*text));
  }
  return strings;
}

Result<const toml::table*> read_table(const Field& field) {
  const auto* table = field.node->as_table();
  if (table == nullptr) return field.expected("a table");
  return table;
}

Result<std::string> read_regex(const Field& field) {
  DROVER_TRY(text, read_string(field));
  try {
    std::regex compiled(*text);
  } catch (const std::regex_error& error) {
    return field.error(
        fmt::format("{} is not a valid regular expression ({}); expected an "
                    "ECMAScript regex like \"^https://\"",
                    field.path, error.what()));
  }
  return text;
}

std::optional<Field> find_field(const Field& table, std::string_view key) {
  const auto* entries = table.node->as_table();
  if (entries == nullptr) return std::nullopt;
  auto found = entries->find(key);
  if (found == entries->end()) return std::nullopt;
  return table.child(found->first, found->second);
}

Status check_name(const Field& field, std::string_view name, std::string_view kind,
                  bool allow_dot) {
  auto allowed = [allow_dot](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
           (allow_dot && c == '.');
  };
  if (!name.empty() && std::all_of(name.begin(), name.end(), allowed)) return {};
  return field.error(fmt::format("{} name \"{}\" may only contain letters, digits, '-', '_'{}",
                                 kind, name, allow_dot ? " and '.'" : ""));
}

std::vector<std::pair<const toml::key*, const toml::node*>> entries_in_file_order(
    const toml::table& table) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, value] : table) entries.emplace_back(&key, &value);
  auto position = [](const toml::key* key) {
    const toml::source_position& begin = key->source().begin;
    return std::pair(begin.line, begin.column);
  };
  std::stable_sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) {
    return position(a.first) < position(b.first);
  });
  return entries;
}

Error unknown_key_error(const Field& table, const toml::key& key,
                        const std::vector<std::string_view>& known) {
  Field at = table.child(key, *table.node);
  at.line = line_of(key.source()) != 0 ? line_of(key.source()) : table.line;
  return at.error(
      fmt::format("unknown key {}; expected one of: {}", at.path, fmt::join(known, ", ")));
}

}  // namespace drover
