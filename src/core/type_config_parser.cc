#include "core/type_config_parser.h"

#include <algorithm>

#include "core/argv_template.h"
#include "core/param_schema.h"

namespace drover {
namespace {

Result<std::string> read_param_type(const Field& field) {
  DROVER_TRY(name, read_string(field));
  if (!is_param_type(*name)) return field.expected("one of " + param_type_list());
  return name;
}

Result<Json> read_any(const Field& field) { return toml_to_json(*field.node); }

// A number of CPUs; cpu.max cannot express less than a thousandth of one.
Result<double> read_cpus(const Field& field) {
  Result<double> cpus = read_number(field);
  if (cpus && *cpus < 0.001) return field.expected("a number of CPUs like 0.5 or 2");
  return cpus;
}

// `enum = ["a", "b"]` or `enum = [384, 768]`; that the values fit the
// param's type is checked once the type is known (check_enum_values).
Result<std::vector<Json>> read_enum_values(const Field& field) {
  Json values = toml_to_json(*field.node);
  if (!values.is_array() || values.empty()) return field.expected("a non-empty array of values");
  return std::vector<Json>(values.begin(), values.end());
}

// `runner = "worker"` says the same as `worker = true`; "command" is the default.
Status read_runner(const Field& field, TypeConfig& type) {
  DROVER_TRY(name, read_string(field));
  if (*name != "command" && *name != "worker") return field.expected("\"command\" or \"worker\"");
  type.worker = *name == "worker";
  return {};
}

// A lease shorter than a second would expire between two heartbeats of any
// worker that also does work.
Result<Millis> read_lease(const Field& field) {
  Result<Millis> lease = read_duration(field);
  if (lease && *lease < 1'000) return field.expected("a duration of at least 1s, like \"30s\"");
  return lease;
}

Result<std::vector<std::string>> read_command(const Field& field) {
  Result<std::vector<std::string>> argv = read_string_array(field);
  if (argv && argv->empty()) return field.expected("a non-empty array of strings");
  return argv;
}

const std::vector<KeyRule<ParamSpec>>& param_rules() {
  static const std::vector<KeyRule<ParamSpec>> rules{
      {"type", store(read_param_type, &ParamSpec::type)},
      {"items", store(read_param_type, &ParamSpec::items)},
      {"required", store(read_bool, &ParamSpec::required)},
      {"default", store(read_any, &ParamSpec::default_value)},
      {"description", store(read_string, &ParamSpec::description)},
      {"pattern", store(read_regex, &ParamSpec::pattern)},
      {"enum", store(read_enum_values, &ParamSpec::enum_values)},
      {"allow_dash", store(read_bool, &ParamSpec::allow_dash)},
      {"min", store(read_number, &ParamSpec::min)},
      {"max", store(read_number, &ParamSpec::max)},
  };
  return rules;
}

// Keys that only make sense for some param types, and which.
Status check_param_keys_fit_type(const Field& field, const ParamSpec& spec) {
  bool is_number = spec.type == "integer" || spec.type == "number";
  struct Restriction {
    std::string_view key;
    bool allowed;
    std::string_view for_types;
  };
  const Restriction restrictions[] = {
      {"pattern", spec.type == "string", "string"},
      {"enum", spec.type == "string" || is_number, "string, integer and number"},
      {"min", is_number, "integer and number"},
      {"max", is_number, "integer and number"},
      {"items", spec.type == "array", "array"},
  };
  for (const Restriction& restriction : restrictions) {
    std::optional<Field> key = find_field(field, restriction.key);
    if (key && !restriction.allowed) {
      return key->error(fmt::format("{} applies to {} params only, and {} is {}", key->path,
                                    restriction.for_types, spec.name, spec.type));
    }
  }
  if (spec.min && spec.max && *spec.min > *spec.max) {
    return find_field(field, "min")
        ->error(fmt::format("{}.min is greater than max; expected min <= max", field.path));
  }
  return {};
}

Status check_enum_values(const Field& field, const ParamSpec& spec) {
  ParamSpec type_only;
  type_only.name = spec.name;
  type_only.type = spec.type;
  for (const Json& value : spec.enum_values) {
    std::vector<std::string> problems = check_param_value(type_only, value);
    if (problems.empty()) continue;
    return find_field(field, "enum")
        ->error(
            fmt::format("{}.enum does not fit the param's type: {}", field.path, problems.front()));
  }
  return {};
}

Status check_param_spec(const Field& field, const ParamSpec& spec) {
  DROVER_RETURN_IF_ERROR(check_param_keys_fit_type(field, spec));
  DROVER_RETURN_IF_ERROR(check_enum_values(field, spec));
  if (!spec.default_value) return {};
  std::vector<std::string> problems = check_param_value(spec, *spec.default_value);
  if (problems.empty()) return {};
  return find_field(field, "default")
      ->error(
          fmt::format("{}.default does not fit its own schema: {}", field.path, problems.front()));
}

Status read_params(const Field& field, TypeConfig& type) {
  DROVER_TRY(table, read_table(field));
  type.params.clear();
  for (auto [key, node] : entries_in_file_order(**table)) {
    Field param_field = field.child(*key, *node);
    // Param names appear in `{name}` placeholders, which allow no dot.
    DROVER_RETURN_IF_ERROR(check_name(param_field, key->str(), "param", false));
    ParamSpec spec;
    spec.name = std::string(key->str());
    DROVER_RETURN_IF_ERROR(read_keys(param_field, param_rules(), spec));
    DROVER_RETURN_IF_ERROR(check_param_spec(param_field, spec));
    type.params.push_back(std::move(spec));
  }
  return {};
}

const std::vector<KeyRule<TypeConfig>>& type_rules() {
  static const std::vector<KeyRule<TypeConfig>> rules{
      {"label", store(read_string, &TypeConfig::label)},
      {"category", store(read_string, &TypeConfig::category)},
      {"command", store(read_command, &TypeConfig::command)},
      {"shell", store(read_bool, &TypeConfig::shell)},
      {"worker", store(read_bool, &TypeConfig::worker)},
      {"runner", read_runner},
      {"lease", store(read_lease, &TypeConfig::lease)},
      {"params", read_params},
      {"queue", store(read_string, &TypeConfig::queue)},
      {"key", store(read_string, &TypeConfig::key)},
      {"conflict", store(read_string, &TypeConfig::conflict)},
      {"unique_for", store(read_duration, &TypeConfig::unique_for)},
      {"cache_ttl", store(read_duration, &TypeConfig::cache_ttl)},
      {"resources", store(read_string_array, &TypeConfig::resources)},
      {"retries", store(read_count, &TypeConfig::retries)},
      {"timeout", store(read_duration, &TypeConfig::timeout)},
      {"grace", store(read_duration, &TypeConfig::grace)},
      {"backoff", store(read_duration, &TypeConfig::backoff)},
      {"max_backoff", store(read_duration, &TypeConfig::max_backoff)},
      {"after_types", store(read_string_array, &TypeConfig::after_types)},
      {"log_max", store(read_size, &TypeConfig::log_max)},
      {"memory_max", store(read_size, &TypeConfig::memory_max)},
      {"cpu_max", store(read_cpus, &TypeConfig::cpu_max)},
  };
  return rules;
}

Status check_how_it_runs(const Field& field, const TypeConfig& type) {
  if (type.command.empty() && !type.worker) {
    return field.error(
        fmt::format("{} has no command; expected command = [\"program\", "
                    "\"{{param}}\", ...] or runner = \"worker\"",
                    field.path));
  }
  if (!type.command.empty() && type.worker) {
    return field.error(
        fmt::format("{} has both a command and worker = true; expected one of "
                    "them",
                    field.path));
  }
  if (type.shell && type.worker) {
    return field.error(
        fmt::format("{} has shell = true and worker = true; a shell needs a "
                    "command",
                    field.path));
  }
  std::optional<Field> command = find_field(field, "command");
  if (!command) return {};
  if (auto problem = check_command_template(type)) {
    return command->error(fmt::format("{}: {}", command->path, *problem));
  }
  return {};
}

Status check_key_templates(const Field& field, const TypeConfig& type) {
  for (std::string_view key : {"key", "conflict"}) {
    std::optional<Field> at = find_field(field, key);
    const std::optional<std::string>& pattern = key == "key" ? type.key : type.conflict;
    if (!at || !pattern) continue;
    if (auto problem = check_template_params(*pattern, type, at->path)) return at->error(*problem);
  }
  return {};
}

template <typename Map>
std::string names_of(const Map& map) {
  std::vector<std::string_view> names;
  for (const auto& [name, value] : map) names.push_back(name);
  return names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "));
}

Status check_references(const Field& field, const TypeConfig& type, const Config& config) {
  if (!config.queues.contains(type.queue)) {
    return find_field(field, "queue")
        ->error(fmt::format(
            "{}.queue names queue \"{}\", which is not declared; expected one of: {} (or declare "
            "[queues.{}])",
            field.path, type.queue, names_of(config.queues), type.queue));
  }
  for (const std::string& resource : type.resources) {
    // A template ("chroma-{dimension}") is checked per job, when it expands.
    if (config.resources.contains(resource) || resource.find('{') != std::string::npos) continue;
    return find_field(field, "resources")
        ->error(fmt::format(
            "{}.resources names \"{}\", which is not declared; expected one of: {} (or declare it "
            "under [resources])",
            field.path, resource, names_of(config.resources)));
  }
  return {};
}

Result<TypeConfig> read_type(const Field& field, std::string_view name, const Config& config) {
  TypeConfig type;
  type.name = std::string(name);
  DROVER_RETURN_IF_ERROR(read_keys(field, type_rules(), type));
  if (type.label.empty()) type.label = type.name;
  for (auto check : {check_how_it_runs, check_key_templates}) {
    DROVER_RETURN_IF_ERROR(check(field, type));
  }
  DROVER_RETURN_IF_ERROR(check_references(field, type, config));
  return type;
}

// after_types may name types declared later in the file, so it is checked last.
Status check_after_types(const Field& types_field, const Config& config) {
  for (const auto& [name, type] : config.types) {
    for (const std::string& after : type.after_types) {
      if (config.types.contains(after)) continue;
      std::optional<Field> type_field = find_field(types_field, name);
      std::optional<Field> at = type_field ? find_field(*type_field, "after_types") : std::nullopt;
      if (!at) continue;  // the built-in shell type
      return at->error(
          fmt::format("{} names type \"{}\", which is not declared; expected one "
                      "of: {}",
                      at->path, after, names_of(config.types)));
    }
  }
  return {};
}

}  // namespace

Status read_types(const Field& field, Config& config) {
  DROVER_TRY(table, read_table(field));
  for (auto [key, node] : entries_in_file_order(**table)) {
    Field type_field = field.child(*key, *node);
    DROVER_RETURN_IF_ERROR(check_name(type_field, key->str(), "type"));
    DROVER_TRY(type, read_type(type_field, key->str(), config));
    config.types[type->name] = std::move(*type);
  }
  return check_after_types(field, config);
}

}  // namespace drover
