// Reading drover.toml values with errors a user can act on: every error
// says FILE:LINE, the key's full path, what was expected and what was found
// ("drover.toml:14: queues.default.parallel must be a positive integer, got
// \"four\""). Internal to the config parser; nothing outside src/core
// includes toml++.
#pragma once

#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/job.h"
#include "core/result.h"

namespace drover {

// One value of the file: where it is and what it is called.
struct Field {
  const toml::node* node = nullptr;
  std::string path;         // "types.clone-repo.timeout"
  std::string_view source;  // "drover.toml"
  std::uint32_t line = 0;

  // "SOURCE:LINE: what"
  Error error(std::string_view what) const;
  // "SOURCE:LINE: PATH must be EXPECTATION, got WHAT-IS-THERE"
  Error expected(std::string_view expectation) const;
  Field child(const toml::key& key, const toml::node& value) const;
  Field element(std::size_t index, const toml::node& value) const;
};

Field root_field(const toml::table& root, std::string_view source);

// What a value is, for "got ...": strings quoted, numbers as written, "a table".
std::string describe_toml(const toml::node& node);

Result<std::string> read_string(const Field& field);
Result<bool> read_bool(const Field& field);
Result<int> read_positive_int(const Field& field);
Result<int> read_count(const Field& field);  // zero or more
Result<double> read_number(const Field& field);
Result<Millis> read_duration(const Field& field);
Result<std::uint64_t> read_size(const Field& field);
Result<std::vector<std::string>> read_string_array(const Field& field);
Result<const toml::table*> read_table(const Field& field);
// A string that must compile as an ECMAScript regex (std::regex).
Result<std::string> read_regex(const Field& field);
// The key `key` of the table `table`, when it is there.
std::optional<Field> find_field(const Field& table, std::string_view key);
// Any value, as JSON; dates and times become their TOML text.
Json toml_to_json(const toml::node& node);

// A name declared by the user (type, queue, resource, param): letters,
// digits, '-', '_' and, when `allow_dot`, '.'.
Status check_name(const Field& field, std::string_view name, std::string_view kind,
                  bool allow_dot = true);

// The entries of a table in the order the file declares them (toml++ keeps
// them sorted by name), so errors come in file order and params keep theirs.
std::vector<std::pair<const toml::key*, const toml::node*>> entries_in_file_order(
    const toml::table& table);

// How one key of a table is read into a Target.
template <typename Target>
struct KeyRule {
  std::string_view key;
  std::function<Status(const Field&, Target&)> read;
};

// Binds a reader to a member: store(read_string, &TypeConfig::label). The
// member may be a T or a std::optional<T>.
template <typename Target, typename T, typename Member>
std::function<Status(const Field&, Target&)> store(Result<T> (*read)(const Field&),
                                                   Member Target::*member) {
  return [read, member](const Field& field, Target& target) -> Status {
    Result<T> value = read(field);
    if (!value) return value.error();
    target.*member = std::move(*value);
    return {};
  };
}

// An unknown key is an error naming the keys that are allowed.
Error unknown_key_error(const Field& table, const toml::key& key,
                        const std::vector<std::string_view>& known);

// Reads every key of the table `field` with its rule, in the rules' order
// (so a later section can rely on an earlier one); a key without a rule is
// an error.
template <typename Target>
Status read_keys(const Field& field, const std::vector<KeyRule<Target>>& rules, Target& target) {
  Result<const toml::table*> table = read_table(field);
  if (!table) return table.error();
  std::vector<std::string_view> known;
  for (const KeyRule<Target>& rule : rules) known.push_back(rule.key);
  for (auto [key, node] : entries_in_file_order(**table)) {
    if (std::find(known.begin(), known.end(), key->str()) == known.end()) {
      return unknown_key_error(field, *key, known);
    }
  }
  for (const KeyRule<Target>& rule : rules) {
    auto found = (*table)->find(rule.key);
    if (found == (*table)->end()) continue;
    Status read = rule.read(field.child(found->first, found->second), target);
    if (!read) return read;
  }
  return {};
}

}  // namespace drover
