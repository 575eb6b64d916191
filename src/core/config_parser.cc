// parse_config: drover.toml → Config. Each section is a table of key rules
// (toml_fields.h), read in the order below so that types can check the
// queues and resources they name, and schedules the types they submit.
#include "core/config_parser.h"

#include <charconv>
#include <sstream>

#include <fmt/format.h>

#include "core/config.h"
#include "core/cron.h"
#include "core/param_schema.h"
#include "core/toml_fields.h"
#include "core/type_config_parser.h"

namespace drover {
namespace {

// "HOST:PORT", the host possibly "[::1]"; the port 0-65535 (0: any free port).
bool is_host_port(std::string_view text) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view port_text = text.substr(colon + 1);
  int port = 0;
  auto [end, failure] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  return failure == std::errc() && end == port_text.data() + port_text.size() && port >= 0 &&
         port <= 65535;
}

Result<std::string> read_listen(const Field& field) {
  Result<std::string> text = read_string(field);
  if (text && *text != "off" && !is_host_port(*text)) {
    return field.expected(R"(HOST:PORT like "127.0.0.1:7878", or "off")");
  }
  return text;
}

Result<std::string> read_store(const Field& field) {
  Result<std::string> text = read_string(field);
  if (text && *text != "sqlite" && !text->starts_with("postgres://") &&
      !text->starts_with("postgresql://")) {
    return field.expected(R"("sqlite" or "postgres://user@host/db")");
  }
  return text;
}

// A node's name is shown in every attempt and `drover nodes`; the same
// characters as other names, so a host name fits.
Result<std::string> read_node(const Field& field) {
  DROVER_TRY(name, read_string(field));
  DROVER_RETURN_IF_ERROR(check_name(field, *name, "node"));
  return name;
}

// A node beats its row three times per lease: a lease shorter than a second
// would have it beat more often than a busy store can answer.
Result<Millis> read_node_lease(const Field& field) {
  Result<Millis> lease = read_duration(field);
  if (lease && *lease < 1'000) return field.expected(R"(a duration of at least "1s", like "30s")");
  return lease;
}

// Five fields ("0 2 * * *") or a nickname, parsed in full so that a
// schedule that could never fire is refused with its line.
Result<std::string> read_cron(const Field& field) {
  Result<std::string> text = read_string(field);
  if (!text) return text;
  auto cron = CronExpression::parse(*text);
  if (!cron) {
    return field.error(
        fmt::format("{} must be a cron expression: {}", field.path, cron.error().message));
  }
  return text;
}

Result<Json> read_object(const Field& field) {
  DROVER_TRY(table, read_table(field));
  return toml_to_json(**table);
}

Result<std::vector<std::string>> read_regex_array(const Field& field) {
  Result<std::vector<std::string>> patterns = read_string_array(field);
  if (!patterns) return patterns;
  const toml::array& array = *field.node->as_array();
  for (std::size_t index = 0; index < array.size(); ++index) {
    DROVER_TRY(pattern, read_regex(field.element(index, *array.get(index))));
  }
  return patterns;
}

// Reads a table whose keys are names the user chose (queues, resources,
// schedules), each with `read_one`, in file order.
template <typename ReadOne>
Status read_named_entries(const Field& field, std::string_view kind, ReadOne read_one) {
  DROVER_TRY(table, read_table(field));
  for (auto [key, node] : entries_in_file_order(**table)) {
    Field entry = field.child(*key, *node);
    DROVER_RETURN_IF_ERROR(check_name(entry, key->str(), kind));
    DROVER_RETURN_IF_ERROR(read_one(entry, std::string(key->str())));
  }
  return {};
}

template <typename Target>
std::function<Status(const Field&, Config&)> section(Target Config::*member,
                                                     const std::vector<KeyRule<Target>>& rules) {
  return [member, &rules](const Field& field, Config& config) {
    return read_keys(field, rules, config.*member);
  };
}

const std::vector<KeyRule<Config>> kDaemonRules{
    {"listen", store(read_listen, &Config::listen)},
    {"store", store(read_store, &Config::store)},
    {"node", store(read_node, &Config::node)},
    {"node_lease", store(read_node_lease, &Config::node_lease)},
};

const std::vector<KeyRule<QueueConfig>> kQueueRules{
    {"parallel", store(read_positive_int, &QueueConfig::parallel)},
};

const std::vector<KeyRule<RetentionConfig>> kRetentionRules{
    {"finished", store(read_duration, &RetentionConfig::finished)},
    {"keep_last", store(read_count, &RetentionConfig::keep_last)},
    {"checkpoints", store(read_duration, &RetentionConfig::checkpoints)},
    {"log_max", store(read_size, &RetentionConfig::log_max)},
};

const std::vector<KeyRule<Config>> kRedactRules{
    {"patterns", store(read_regex_array, &Config::redact_patterns)},
};

const std::vector<KeyRule<ScheduleConfig>> kScheduleRules{
    {"type", store(read_string, &ScheduleConfig::type)},
    {"cron", store(read_cron, &ScheduleConfig::cron)},
    {"params", store(read_object, &ScheduleConfig::params)},
    {"catch_up", store(read_bool, &ScheduleConfig::catch_up)},
};

Status read_queues(const Field& field, Config& config) {
  return read_named_entries(field, "queue", [&](const Field& entry, std::string name) -> Status {
    // Declaring [queues.default] without `parallel` keeps the built-in width.
    QueueConfig queue = config.queues.contains(name) ? config.queues[name] : QueueConfig{name, 1};
    DROVER_RETURN_IF_ERROR(read_keys(entry, kQueueRules, queue));
    config.queues[name] = std::move(queue);
    return {};
  });
}

Status read_resources(const Field& field, Config& config) {
  return read_named_entries(field, "resource", [&](const Field& entry, std::string name) -> Status {
    DROVER_TRY(capacity, read_positive_int(entry));
    config.resources[name] = *capacity;
    return {};
  });
}

// A schedule's type must exist and its params must be valid for it now,
// not at two in the morning.
Status check_schedule(const Field& field, const ScheduleConfig& schedule, const Config& config) {
  std::optional<Field> type_field = find_field(field, "type");
  if (!type_field)
    return field.error(fmt::format("{} has no type; expected type = \"NAME\"", field.path));
  if (!find_field(field, "cron")) {
    return field.error(fmt::format("{} has no cron; expected cron = \"0 2 * * *\"", field.path));
  }
  const TypeConfig* type = config.find_type(schedule.type);
  if (type == nullptr) {
    return type_field->error(fmt::format("{} names type \"{}\", which is not declared",
                                         type_field->path, schedule.type));
  }
  Result<Json> params = validate_params(*type, schedule.params);
  if (!params) {
    std::optional<Field> at = find_field(field, "params");
    return (at ? *at : field).error(fmt::format("{}: {}", field.path, params.error().message));
  }
  return {};
}

Status read_schedules(const Field& field, Config& config) {
  return read_named_entries(field, "schedule", [&](const Field& entry, std::string name) -> Status {
    ScheduleConfig schedule;
    schedule.name = name;
    DROVER_RETURN_IF_ERROR(read_keys(entry, kScheduleRules, schedule));
    DROVER_RETURN_IF_ERROR(check_schedule(entry, schedule, config));
    config.schedules[name] = std::move(schedule);
    return {};
  });
}

// In this order: types need queues and resources; schedules need types.
const std::vector<KeyRule<Config>> kRootRules{
    {"daemon",
     [](const Field& field, Config& config) { return read_keys(field, kDaemonRules, config); }},
    {"queues", read_queues},
    {"resources", read_resources},
    {"types", read_types},
    {"schedules", read_schedules},
    {"retention", section(&Config::retention, kRetentionRules)},
    {"redact",
     [](const Field& field, Config& config) { return read_keys(field, kRedactRules, config); }},
};

Result<toml::table> parse_toml(std::string_view text, std::string_view source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    const toml::source_position& at = error.source().begin;
    return make_error(ErrorCode::invalid,
                      "{}:{}: invalid TOML at column {}: {}; expected TOML syntax (toml.io)",
                      source_name, at.line, at.column, error.description());
  }
}

}  // namespace

Result<Config> parse_config(std::string_view text, std::string_view source_name) {
  DROVER_TRY(root, parse_toml(text, source_name));
  // Start from the defaults: a file that declares no `default` queue or
  // `shell` type keeps the built-in ones, and may redefine either.
  Config config = default_config();
  config.source = std::string(source_name);
  Status read = read_keys(root_field(*root, source_name), kRootRules, config);
  if (!read) return read.error();
  return config;
}

}  // namespace drover
