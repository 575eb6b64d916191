// run, submit, ls, show, and the actions on one job (cancel, kill, pause,
// resume, retry, rm): each one API call, then a rendering.
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <limits>
#include <ostream>

#include "cli/command_table.h"
#include "cli/each_values.h"
#include "cli/follow.h"
#include "cli/job_detail_view.h"
#include "cli/submit_params.h"
#include "core/job_json.h"

namespace drover::cli {
namespace {

void add_id(CLI::App& command, CommandArgs& args) { add_job_id(command, args.id); }

void add_placement(CLI::App& command, CommandArgs& args) {
  command.add_option("--queue", args.queue, "the queue to run in (default: the type's)");
  command.add_option("--priority", args.priority, "higher runs first (default 0)");
  command.add_option("--key", args.key, "the job's key (default: from the type)");
  command.add_option("--after", args.after, "start only once this job completed (repeatable)");
}

Json submit_body(const Context& context, std::string type, Json params) {
  const CommandArgs& args = context.args;
  Json body = {{"type", std::move(type)}, {"params", std::move(params)}};
  if (args.key) body["key"] = *args.key;
  if (args.queue) body["queue"] = *args.queue;
  if (args.priority) body["priority"] = *args.priority;
  if (args.delay) body["delay"] = *args.delay;
  if (args.at) body["at"] = *args.at;
  if (args.force) body["force"] = true;
  if (!args.after.empty()) body["after"] = args.after;
  return body;
}

// Posts the job; prints its id (or the job with --json), then follows it if asked.
int submit_job(Context& context, const Json& body) {
  auto answer = context.client().post("/api/jobs", body);
  if (!answer) {
    // The daemon refuses what was typed (params, --delay): a usage error, exit 2.
    Error error = answer.error();
    if (error.code == ErrorCode::invalid) error.code = ErrorCode::usage;
    return context.fail(error);
  }
  Job job = job_from_json(*answer);
  if (job.deduplicated)
    context.err << fmt::format("drover: same key as job {}, not submitted again\n", job.id);
  if (job.cached_from)
    context.err << fmt::format("drover: result cached from job {}\n", *job.cached_from);
  if (context.global.json) {
    context.print_json(*answer);
  } else if (context.out_is_tty && !context.args.follow) {
    context.out << fmt::format("job {} {} (drover follow {})\n", job.id, state_name(job.state),
                               job.id);
  } else {
    context.out << job.id << "\n";  // piped: the bare id, for scripts
  }
  context.out.flush();
  return context.args.follow ? follow_job(context, job.id) : 0;
}

// Many jobs in one request: prints their ids, one a line (or the jobs with --json).
int submit_jobs(Context& context, Json bodies) {
  auto answer = context.client().post("/api/jobs", Json{{"jobs", std::move(bodies)}});
  if (!answer) {
    Error error = answer.error();
    if (error.code == ErrorCode::invalid) error.code = ErrorCode::usage;
    return context.fail(error);
  }
  const Json& jobs = (*answer)["jobs"];
  if (context.global.json) return context.print_json(jobs);
  for (const Json& job : jobs) context.out << job.value("id", JobId{0}) << "\n";
  context.out.flush();
  return 0;
}

// `--each`: the bodies of one job per value, `body_for` making each from
// the command's words with the value put in.
template <typename BodyFor>
int submit_each(Context& context, bool append_when_absent, BodyFor body_for) {
  auto values = each_values(context.args.each, context.in);
  if (!values) return context.fail(values.error());
  Json bodies = Json::array();
  for (const std::string& value : *values) {
    auto body = body_for(words_for_value(context.args.words, value, append_when_absent));
    if (!body) return context.fail(body.error());
    bodies.push_back(std::move(*body));
  }
  return submit_jobs(context, std::move(bodies));
}

void add_each(CLI::App& command, CommandArgs& args) {
  command.add_option("--each", args.each,
                     "one job per value, put in place of {} (- reads values from stdin lines)");
}

void configure_run(CLI::App& command, CommandArgs& args) {
  add_placement(command, args);
  add_each(command, args);
  command.add_flag("--follow", args.follow, "watch the job's progress until it ends");
  take_rest_as_words(command, args, "CMD [ARGS...]");
}

int run_run(Context& context) {
  if (context.args.words.empty()) {
    return context.fail(
        {ErrorCode::usage, "what should run? drover run [--queue Q] -- CMD [ARGS...]"});
  }
  std::error_code ec;
  std::string cwd = std::filesystem::current_path(ec).string();
  auto body_for = [&](const std::vector<std::string>& argv) -> Result<Json> {
    return submit_body(context, "shell", Json{{"argv", argv}, {"cwd", cwd}});
  };
  if (!context.args.each.empty()) return submit_each(context, true, body_for);
  return submit_job(context, *body_for(context.args.words));
}

void configure_submit(CLI::App& command, CommandArgs& args) {
  command.add_option("TYPE", args.type, "the job type, from drover.toml")->required();
  command.add_option("PARAMS", args.words, "params as NAME=VALUE (JSON values are parsed)");
  add_placement(command, args);
  auto* delay =
      command.add_option("--delay", args.delay, "start no sooner than this from now (10m)");
  command.add_option("--at", args.at, "start no sooner than this time (RFC 3339)")->excludes(delay);
  command.add_flag("--force", args.force, "run again even when a job with the same key exists");
  command.add_flag("--follow", args.follow, "watch the job's progress until it ends");
  add_each(command, args);
}

// The type's params schema from GET /api/types; null when the daemon knows no such type.
Result<Json> params_schema(const Context& context, const std::string& type) {
  DROVER_TRY(answer, context.client().get("/api/types"));
  for (const Json& declared : answer->value("types", Json::array())) {
    if (declared.value("name", "") == type) return declared.value("params", Json());
  }
  return Json();
}

int run_submit(Context& context) {
  // A word without '=' is a usage error before the daemon is asked anything.
  if (auto syntax = parse_params(context.args.words); !syntax) return context.fail(syntax.error());
  auto schema = params_schema(context, context.args.type);
  if (!schema) return context.fail(schema.error());
  auto body_for = [&](const std::vector<std::string>& words) -> Result<Json> {
    DROVER_TRY(params, parse_params(words, *schema));
    return submit_body(context, context.args.type, std::move(*params));
  };
  if (!context.args.each.empty()) return submit_each(context, false, body_for);
  auto body = body_for(context.args.words);
  if (!body) return context.fail(body.error());
  return submit_job(context, *body);
}

void configure_ls(CLI::App& command, CommandArgs& args) {
  command.add_flag("--all", args.all, "every job, not only active and the last 10 finished");
  command.add_option("--state", args.states, "only jobs in these states (repeat or a,b)")
      ->delimiter(',');
  command.add_option("--type", args.type_filter, "only jobs of this type");
  command.add_option("--limit", args.limit,
                     "at most this many jobs, newest first (default 200; --all: every job)");
}

std::string list_target(const CommandArgs& args, const std::optional<std::int64_t>& cursor) {
  std::string target = "/api/jobs?";
  std::string states;
  for (const std::string& state : args.states) states += (states.empty() ? "" : ",") + state;
  if (!states.empty()) target += "state=" + url_encode(states) + "&";
  if (args.type_filter) target += "type=" + url_encode(*args.type_filter) + "&";
  if (args.all) target += "all=1&";
  if (cursor) target += fmt::format("cursor={}&", *cursor);
  if (args.all || !states.empty() || args.type_filter) {
    target += fmt::format("limit={}&", std::clamp(args.limit.value_or(1000), 1, 1000));
  }
  target.pop_back();  // the last '&' or '?'
  return target;
}

// Pages through the cursor until --limit jobs (newest first) when --all or
// a filter is given; the daemon's one page otherwise. `--all` alone means
// every job; a filter alone stops at 200 unless --limit says otherwise.
Result<Json> fetch_job_list(const Context& context) {
  Json jobs = Json::array();
  std::optional<std::int64_t> cursor;
  const CommandArgs& args = context.args;
  std::size_t limit = args.limit ? static_cast<std::size_t>(std::max(*args.limit, 1))
                      : args.all ? std::numeric_limits<std::size_t>::max()
                                 : 200;
  do {
    DROVER_TRY(page, context.client().get(list_target(context.args, cursor)));
    for (Json& job : (*page)["jobs"]) {
      if (jobs.size() < limit) jobs.push_back(std::move(job));
    }
    const Json& next = (*page)["next_cursor"];
    cursor = next.is_number_integer() ? std::optional(next.get<std::int64_t>()) : std::nullopt;
  } while (cursor && jobs.size() < limit);
  return jobs;
}

std::string empty_list_text(const CommandArgs& args) {
  if (!args.states.empty() || args.type_filter) return "No jobs match.\n";
  if (args.all) return "No jobs yet; start one with `drover run -- CMD`.\n";
  return "No active or recent jobs (`drover ls --all` shows every job).\n";
}

int run_ls(Context& context) {
  auto jobs = fetch_job_list(context);
  if (!jobs) return context.fail(jobs.error());
  if (context.global.json) return context.print_json(*jobs);
  if (jobs->empty()) {
    context.out << empty_list_text(context.args);
    return 0;
  }
  std::vector<Job> list;
  for (const Json& job : *jobs) list.push_back(job_from_json(job));
  // Only orders and trims the params column: without it ls still works.
  auto types = context.client().get("/api/types");
  context.out << render_job_list(list, context.view(),
                                 types ? type_catalog(*types) : TypeCatalog{});
  return 0;
}

int run_show(Context& context) {
  auto job = context.client().get(fmt::format("/api/jobs/{}", context.args.id));
  if (!job) return context.fail(job.error());
  if (context.global.json) return context.print_json(*job);
  context.out << render_job_detail(job_from_json(*job), context.view());
  return 0;
}

// What the action did, from the job it answered with: "job 34 queued again
// (attempt 2)", "job 34 cancelled", "job 34 stopping (cancel: SIGTERM sent)".
std::string action_outcome(const Job& job, std::string_view action) {
  bool again = action == "retry" || action == "resume";
  if (again && job.state == JobState::queued) {
    return fmt::format("job {} queued again (attempt {})", job.id, job.attempts.size() + 1);
  }
  // A free slot starts it before the answer is written; its attempt is then listed.
  if (again && job.state == JobState::running && !job.attempts.empty()) {
    return fmt::format("job {} running again (attempt {})", job.id, job.attempts.size());
  }
  if (job.state == JobState::running && (action == "cancel" || action == "kill")) {
    return fmt::format("job {} stopping ({}: {} sent)", job.id, action,
                       action == "kill" ? "SIGKILL" : "SIGTERM, SIGKILL after its grace");
  }
  if (is_finished(job.state) || job.state == JobState::paused) {
    return fmt::format("job {} {}", job.id, state_name(job.state));
  }
  return fmt::format("job {}: {} requested; it is {}", job.id, action, state_name(job.state));
}

// POST /api/jobs/{id}/{action}; the action is the command's own name.
int run_job_action(Context& context, std::string_view action) {
  auto job = context.client().post(fmt::format("/api/jobs/{}/{}", context.args.id, action));
  if (!job) return context.fail(job.error());
  if (context.global.json) return context.print_json(*job);
  context.out << action_outcome(job_from_json(*job), action) << "\n";
  return 0;
}

template <const char* kAction>
int run_action(Context& context) {
  return run_job_action(context, kAction);
}

int run_rm(Context& context) {
  auto answer = context.client().del(fmt::format("/api/jobs/{}", context.args.id));
  if (!answer) return context.fail(answer.error());
  if (context.global.json) return context.print_json(*answer);
  context.out << fmt::format("job {} removed\n", context.args.id);
  return 0;
}

constexpr char kCancel[] = "cancel";
constexpr char kKill[] = "kill";
constexpr char kPause[] = "pause";
constexpr char kResume[] = "resume";
constexpr char kRetry[] = "retry";

constexpr std::array<CommandSpec, 10> kJobCommands{{
    {"run", "", "run a command as a job: drover run [--queue Q] -- CMD [ARGS...]", configure_run,
     run_run},
    {"submit", "", "submit a job of a configured type: drover submit TYPE [k=v ...]",
     configure_submit, run_submit},
    {"ls", "jobs", "list jobs: active ones and the last 10 finished", configure_ls, run_ls},
    {"show", "", "everything about one job", add_id, run_show},
    {"cancel", "", "stop a job gently (SIGTERM, then SIGKILL after its grace)", add_id,
     run_action<kCancel>},
    {"kill", "", "stop a job now (SIGKILL)", add_id, run_action<kKill>},
    {"pause", "", "pause a job; `drover resume` continues it from its checkpoint", add_id,
     run_action<kPause>},
    {"resume", "", "queue a paused, interrupted or cancelled job again", add_id,
     run_action<kResume>},
    {"retry", "", "queue a failed job again", add_id, run_action<kRetry>},
    {"rm", "", "remove a finished job and its checkpoint", add_id, run_rm},
}};

}  // namespace

std::span<const CommandSpec> job_commands() { return kJobCommands; }

}  // namespace drover::cli
