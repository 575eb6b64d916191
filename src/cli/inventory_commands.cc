// What the daemon has, as tables: `interrupted` (resumable jobs),
// `resources` (capacity, holders, waiters) and `types` (declared job types);
// and `clean`, which removes old finished jobs.
#include <fmt/format.h>

#include <array>
#include <ostream>

#include "cli/command_table.h"
#include "cli/humanize.h"
#include "cli/job_list_view.h"
#include "cli/table.h"
#include "core/job_json.h"

namespace drover::cli {
namespace {

std::string render(const Context& context, const Table& table) {
  return render_table(table, context.view());
}

std::string progress_text(const Job& job) {
  const Progress& p = job.progress;
  if (!p.total) return p.current ? humanize_count(p.current) : "";
  auto percent = p.percentage();
  return fmt::format("{}/{} ({:.0f}%)", humanize_count(p.current), humanize_count(*p.total),
                     percent.value_or(0));
}

int run_interrupted(Context& context) {
  auto answer = context.client().get("/api/interrupted");
  if (!answer) return context.fail(answer.error());
  if (context.global.json) return context.print_json((*answer)["jobs"]);
  const Json& jobs = (*answer)["jobs"];
  if (jobs.empty()) {
    context.out << "No interrupted jobs: nothing is waiting to be resumed.\n";
    return 0;
  }
  Millis now = context.view().now;
  Table table({{"ID"}, {"TYPE"}, {"STATE"}, {"PROGRESS"}, {"CHECKPOINT"}, {"REASON", false, 1}});
  for (const Json& entry : jobs) {
    Job job = job_from_json(entry);
    table.add_row({{std::to_string(job.id)},
                   {job.type},
                   {std::string(state_name(job.state)), Color::yellow},
                   {progress_text(job)},
                   {job.checkpoint ? humanize_relative(job.checkpoint->saved_at, now) : ""},
                   {job.state_reason}});
  }
  context.out << render(context, table)
              << "Resume one with `drover resume ID`, or discard it with `drover rm ID`.\n";
  return 0;
}

std::string holders_text(const Json& holders, Millis now) {
  std::string text;
  for (const Json& holder : holders) {
    if (!text.empty()) text += ", ";
    text += fmt::format("job {} ({})", holder.value("job", 0), holder.value("operation", ""));
    auto since = holder.value("since", Json()).is_string()
                     ? parse_rfc3339(holder["since"].get<std::string>())
                     : std::nullopt;
    if (since) text += " since " + humanize_relative(*since, now);
  }
  return text;
}

int run_resources(Context& context) {
  auto answer = context.client().get("/api/resources");
  if (!answer) return context.fail(answer.error());
  if (context.global.json) return context.print_json(*answer);
  Table table({{"RESOURCE"}, {"BUSY", true}, {"HOLDERS", false, 1}, {"WAITING", true}});
  for (const Json& resource : (*answer)["resources"]) {
    int busy = resource.value("busy", 0), capacity = resource.value("capacity", 0);
    table.add_row(
        {{resource.value("name", "")},
         {fmt::format("{}/{}", busy, capacity), busy >= capacity ? Color::yellow : Color::green},
         {holders_text(resource["holders"], context.view().now)},
         {std::to_string(resource["waiters"].size())}});
  }
  if (table.empty()) {
    context.out << "No resources declared (add them under [resources] in drover.toml).\n";
    return 0;
  }
  context.out << render(context, table);
  return 0;
}

// The param names in drover.toml's order ("x-order"), else the properties' own order.
std::vector<std::string> param_names(const Json& schema) {
  std::vector<std::string> names;
  if (schema.contains("x-order")) {
    for (const Json& name : schema["x-order"]) names.push_back(name.get<std::string>());
    return names;
  }
  const Json properties = schema.value("properties", Json::object());
  for (const auto& [name, param] : properties.items()) names.push_back(name);
  return names;
}

bool is_required(const Json& schema, const std::string& name) {
  const Json required = schema.value("required", Json::array());
  return std::find(required.begin(), required.end(), name) != required.end();
}

std::string params_text(const Json& schema) {
  std::string text;
  const Json properties = schema.value("properties", Json::object());
  for (const std::string& name : param_names(schema)) {
    if (!text.empty()) text += " ";
    text += fmt::format("{}{}:{}", name, is_required(schema, name) ? "*" : "",
                        properties.value(name, Json::object()).value("type", "?"));
  }
  return text;
}

std::string json_scalar_text(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// "384, 768", "1..100", "^https://": what values a param accepts.
std::string accepted_text(const Json& param) {
  if (param.contains("enum")) {
    std::string text;
    for (const Json& value : param["enum"])
      text += (text.empty() ? "" : ", ") + json_scalar_text(value);
    return "one of " + text;
  }
  if (param.contains("minimum") || param.contains("maximum")) {
    return fmt::format("{}..{}", param.contains("minimum") ? param["minimum"].dump() : "",
                       param.contains("maximum") ? param["maximum"].dump() : "");
  }
  if (param.contains("pattern")) return "matches " + param["pattern"].get<std::string>();
  return "";
}

// `drover types TYPE`: one row per param, in declaration order.
int render_type_detail(Context& context, const Json& type) {
  const Json schema = type.value("params", Json::object());
  const Json properties = schema.value("properties", Json::object());
  context.out << fmt::format("{}{}  (queue {})\n", type.value("name", ""),
                             type.value("label", "").empty() ? "" : " — " + type.value("label", ""),
                             type.value("queue", ""));
  if (properties.empty()) {
    context.out << "No params.\n";
    return 0;
  }
  Table table({{"PARAM"},
               {"TYPE"},
               {"REQUIRED"},
               {"DEFAULT"},
               {"ACCEPTS", false, 2, 8},
               {"DESCRIPTION", false, 1, 12}});
  for (const std::string& name : param_names(schema)) {
    const Json param = properties.value(name, Json::object());
    table.add_row({{name},
                   {param.value("type", "")},
                   {is_required(schema, name) ? "yes" : ""},
                   {param.contains("default") ? json_scalar_text(param["default"]) : ""},
                   {accepted_text(param)},
                   {param.value("description", "")}});
  }
  context.out << render(context, table);
  return 0;
}

void configure_types(CLI::App& command, CommandArgs& args) {
  command.add_option("TYPE", args.type, "one type: its params with defaults, ranges and values");
}

int run_types(Context& context) {
  auto answer = context.client().get("/api/types");
  if (!answer) return context.fail(answer.error());
  if (!context.args.type.empty()) {
    for (const Json& type : (*answer)["types"]) {
      if (type.value("name", "") != context.args.type) continue;
      return context.global.json ? context.print_json(type) : render_type_detail(context, type);
    }
    return context.fail(
        {ErrorCode::not_found,
         fmt::format("no type \"{}\"; `drover types` lists them", context.args.type)});
  }
  if (context.global.json) return context.print_json(*answer);
  Table table({{"TYPE"}, {"LABEL"}, {"CATEGORY"}, {"QUEUE"}, {"PARAMS (* required)", false, 1}});
  for (const Json& type : (*answer)["types"]) {
    table.add_row({{type.value("name", "")},
                   {type.value("label", "")},
                   {type.value("category", "")},
                   {type.value("queue", "")},
                   {params_text(type.value("params", Json::object()))}});
  }
  context.out << render(context, table);
  return 0;
}

int run_cache(Context& context) {
  auto answer = context.client().get("/api/cache");
  if (!answer) return context.fail(answer.error());
  if (context.global.json) return context.print_json((*answer)["entries"]);
  const Json& entries = (*answer)["entries"];
  if (entries.empty()) {
    context.out << "The result cache is empty (types with cache_ttl fill it).\n";
    return 0;
  }
  Millis now = context.view().now;
  auto when = [now](const Json& text) {
    auto at = text.is_string() ? parse_rfc3339(text.get<std::string>()) : std::nullopt;
    return at ? humanize_relative(*at, now) : std::string();
  };
  Table table({{"JOB"}, {"TYPE"}, {"PARAMS", false, 1}, {"CACHED"}, {"USED"}, {"EXPIRES"}});
  for (const Json& entry : entries) {
    table.add_row({{std::to_string(entry.value("job", 0))},
                   {entry.value("type", "")},
                   {entry["params"].dump()},
                   {when(entry["created_at"])},
                   {when(entry["last_accessed"])},
                   {when(entry["expires_at"])}});
  }
  context.out << render(context, table);
  return 0;
}

int run_cache_rm(Context& context) {
  auto answer = context.client().del(fmt::format("/api/cache/{}", context.args.id));
  if (!answer) return context.fail(answer.error());
  if (context.global.json) return context.print_json(*answer);
  context.out << fmt::format("cache entry of job {} removed\n", context.args.id);
  return 0;
}

void configure_cache_rm(CLI::App& command, CommandArgs& args) {
  command.add_option("JOB", args.id, "the job whose cached result goes")->required();
}

void configure_clean(CLI::App& command, CommandArgs& args) {
  command.add_option("--older-than", args.older_than,
                     "finished longer ago than this (default: [retention] finished)");
  command.add_option("--keep", args.keep,
                     "keep at least this many finished jobs (default: keep_last)");
  command.add_flag("--dry-run", args.dry_run, "only list what would be removed");
}

int run_clean(Context& context) {
  const CommandArgs& args = context.args;
  Json body = {{"dry_run", args.dry_run}};
  if (args.older_than) body["older_than"] = *args.older_than;
  if (args.keep) body["keep"] = *args.keep;
  auto answer = context.client().post("/api/clean", body);
  if (!answer) return context.fail(answer.error());
  if (context.global.json) return context.print_json(*answer);
  const Json& ids = args.dry_run ? (*answer)["would_remove"] : (*answer)["removed"];
  std::string list;
  for (const Json& id : ids) list += (list.empty() ? "" : " ") + std::to_string(id.get<JobId>());
  context.out << fmt::format("{} {} finished job{}{}{}\n",
                             args.dry_run ? "would remove" : "removed", ids.size(),
                             ids.size() == 1 ? "" : "s", ids.empty() ? "" : ": ", list);
  return 0;
}

constexpr std::array<CommandSpec, 7> kInventoryCommands{{
    {"cache", "", "the result cache: which completed jobs answer new submissions", nullptr,
     run_cache},
    {"cache ls", "", "list the result cache", nullptr, run_cache},
    {"cache rm", "", "forget the cached result of a job", configure_cache_rm, run_cache_rm},
    {"clean", "", "remove old finished jobs, their logs and folders", configure_clean, run_clean},
    {"interrupted", "", "jobs that stopped early and can resume from their checkpoint", nullptr,
     run_interrupted},
    {"resources", "", "each resource: how busy, held by which jobs, how many wait", nullptr,
     run_resources},
    {"types", "", "the job types of drover.toml and their params; types TYPE for one's details",
     configure_types, run_types},
}};

}  // namespace

std::span<const CommandSpec> inventory_commands() { return kInventoryCommands; }

}  // namespace drover::cli
