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
  std::string type = "string";  // string, integer, number, boolean, array, object
  bool required = false;
  std::optional<Json> default_value;
  std::string description;
  std::optional<std::string> pattern;  // strings: ECMAScript regex the whole value must match
  std::vector<Json>
      enum_values;            // string, integer, number: the only values allowed, when not empty
  bool allow_dash = false;    // a value may start with '-' even where it is a bare argv element
  std::optional<double> min;  // integer and number params: inclusive bounds
  std::optional<double> max;
  std::string items = "string";  // array params: the type of every element
};

struct TypeConfig {
  std::string name;
  std::string label;
  std::string category;
  std::vector<std::string> command;  // argv template; empty for worker types
  bool shell = false;                // run command[0] through /bin/sh -c
  bool worker = false;               // runner = "worker": run by workers that fetch its jobs
  // The built-in `shell` type: the argv is params.argv itself, not a template.
  bool command_from_params = false;
  std::vector<ParamSpec> params;  // in declaration order
  std::string queue = "default";
  std::optional<std::string> key;       // template of the job's key
  std::optional<std::string> conflict;  // template; one running job per expanded value
  std::optional<Millis> unique_for;     // same key submitted again within this → same job
  std::optional<Millis> cache_ttl;      // result cache by (type, params)
  std::vector<std::string> resources;   // names from [resources], held while running
  int retries = 0;
  Millis backoff = 1'000;        // first retry after this, doubling each time, +-25% jitter
  Millis max_backoff = 300'000;  // ...but never waiting longer than this
  std::optional<Millis> timeout;
  Millis grace = 10'000;
  // Worker types: an attempt is lost when its worker has not reported for this long.
  Millis lease = 30'000;
  std::vector<std::string> after_types;  // chain validation warns if placed before these
  std::optional<std::uint64_t> log_max;  // overrides [retention] log_max
  // Limits of each attempt's cgroup (memory.max, cpu.max), where cgroup v2
  // and those controllers are available; a warning in the job's log otherwise.
  std::optional<std::uint64_t> memory_max;  // bytes
  std::optional<double> cpu_max;            // CPUs: 0.5 is half of one, 2 is two

  const ParamSpec* find_param(std::string_view name) const;
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

// `[schedules.nightly]`: submit a job of `type` with `params` on a cron schedule.
struct ScheduleConfig {
  std::string name;
  std::string type;
  std::string cron;  // five fields or @hourly/@daily/...; the scheduler parses it
  Json params = Json::object();
  bool catch_up = false;  // a run missed while the daemon was down fires once at start-up
};

struct Config {
  std::string source;  // file it came from, or "built-in defaults"
  std::string listen = "127.0.0.1:7878";
  std::string store = "sqlite";
  // This daemon's name among the nodes sharing a store; empty: the host name.
  std::string node;
  // A node that has not beaten its row for this long is lost: its running
  // attempts are ended and resumed elsewhere (DESIGN.md, "Several nodes").
  Millis node_lease = 30'000;
  std::map<std::string, QueueConfig> queues;
  std::map<std::string, int> resources;  // name → capacity
  std::map<std::string, TypeConfig> types;
  std::map<std::string, ScheduleConfig> schedules;
  RetentionConfig retention;
  std::vector<std::string> redact_patterns;  // ECMAScript regexes, checked at parse time

  const TypeConfig* find_type(std::string_view name) const;
};

// Built-in defaults: queue `default` with parallel = number of cores, type `shell`.
Config default_config();

// The built-in `shell` type of ad-hoc commands (`drover run -- CMD ...`):
// params argv (array of strings, required), cwd (string), env (object).
TypeConfig builtin_shell_type();

// Reads and parses the file (config_parser.h has parse_config).
Result<Config> load_config(const std::filesystem::path& file);

}  // namespace drover
