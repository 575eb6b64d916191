// drover.toml: the daemon's configuration (DESIGN.md, Config). Parsed once
// at start-up and on reload; a bad file is refused with "FILE:LINE: what is
// wrong, what was expected", and the previous configuration stays in force.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/job.h"
#include "core/result.h"

namespace drover {

// One parameter of a job type: `params.url = { type = "string", required = true }`.
struct ParamSpec {
  std::string name;
  std::string type = "string";  // string, integer, number, boolean, array
  bool required = false;
  std::optional<Json> default_value;
  std::string description;
  std::optional<std::string> pattern;  // strings: ECMAScript regex the whole value must match
  std::vector<std::string> enum_values;
  bool allow_dash = false;  // a value may start with '-' even where it is a bare argv element
};

struct TypeConfig {
  std::string name;
  std::string label;
  std::string category;
  std::vector<std::string> command;  // argv template; empty for worker types
  bool shell = false;                // run command[0] through /bin/sh -c
  bool worker = false;               // run by an external or embedded worker
  std::vector<ParamSpec> params;     // in declaration order
  std::string queue = "default";
  std::optional<std::string> key;    // template of the job's key
  int retries = 0;
  std::optional<Millis> timeout;
  Millis grace = 10'000;
  std::optional<std::uint64_t> log_max;  // overrides [retention] log_max
};

struct QueueConfig {
  std::string name;
  int parallel = 1;
};

struct RetentionConfig {
  Millis finished = 24 * 3'600'000LL;
  int keep_last = 100;
  Millis checkpoints = 7 * 24 * 3'600'000LL;
  std::uint64_t log_max = 50ull * 1024 * 1024;
};

struct Config {
  std::string source;  // file it came from, or "built-in defaults"
  std::string listen = "127.0.0.1:7878";
  std::string store = "sqlite";
  std::map<std::string, QueueConfig> queues;
  std::map<std::string, TypeConfig> types;
  RetentionConfig retention;

  const TypeConfig* find_type(std::string_view name) const;
};

// Built-in defaults: queue `default` with parallel = number of cores, type `shell`.
Config default_config();

// Parses TOML text; `source_name` is used in error messages ("drover.toml:14: ...").
// The built-in `shell` type and `default` queue are added when not declared.
Result<Config> parse_config(std::string_view text, std::string_view source_name);
Result<Config> load_config(const std::filesystem::path& file);

// Checks submitted params against the type's schema and fills defaults.
// Every bad field is named in the one error returned.
Result<Json> validate_params(const TypeConfig& type, const Json& params);

// Expands the type's argv template with the params: each `{name}` is replaced
// inside its own argv element, never through a shell. A value starting with
// '-' that would become a whole argv element is refused unless the param
// allows it. The `shell` type takes its argv from params.argv.
Result<std::vector<std::string>> expand_command(const TypeConfig& type, const Json& params);

// Expands a key/conflict template like "source:{source_id}"; nullopt when a
// named param is missing.
std::optional<std::string> expand_template(std::string_view pattern, const Json& params);

}  // namespace drover
