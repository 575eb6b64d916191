// logs and follow: reading a job's output, and watching its progress.
#include <fmt/format.h>

#include <array>
#include <ostream>

#include "cli/command_table.h"
#include "cli/follow.h"
#include "cli/interrupt_flag.h"
#include "cli/log_view.h"
#include "core/job_json.h"

namespace drover::cli {
namespace {

constexpr std::chrono::milliseconds kLogPollInterval{200};

struct LogRequest {
  JobId id = 0;
  std::optional<int> attempt;
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> tail;
};

std::string log_target(const LogRequest& request) {
  std::string target = fmt::format("/api/jobs/{}/logs?", request.id);
  if (request.tail) {
    target += fmt::format("tail={}", *request.tail);
  } else {
    target += fmt::format("offset={}", request.offset);
  }
  if (request.attempt) target += fmt::format("&attempt={}", *request.attempt);
  return target;
}

bool job_is_over(const ApiResponse& response) {
  if (response.header("x-drover-log-finished") == "1") return true;
  auto state = parse_state(response.header("x-drover-job-state"));
  return state && is_finished(*state);
}

// Prints one chunk and moves the request on; a new attempt starts from its beginning.
class LogPrinter {
 public:
  LogPrinter(Context& context, LogViewOptions options)
      : m_context(context), m_options(options), m_view(options) {}

  Status fetch(LogRequest& request) {
    auto response = m_context.client().get_text(log_target(request));
    if (!response) return response.error();
    std::string attempt = response->header("x-drover-attempt");
    if (!request.attempt && !m_attempt.empty() && attempt != m_attempt && !attempt.empty()) {
      m_context.out << m_view.finish();
      m_view = LogView(m_options);
      m_context.err << fmt::format("drover: --- attempt {} ---\n", attempt);
      request.attempt = std::stoi(attempt);
      request.offset = 0;
      m_attempt = attempt;
      return fetch(request);
    }
    m_attempt = attempt;
    m_context.out << m_view.add(response->body);
    m_context.out.flush();
    note_truncation(*response, request.id);
    request.tail.reset();
    request.offset = std::stoull("0" + response->header("x-drover-next-offset"));
    m_over = job_is_over(*response);
    return {};
  }
  bool job_over() const { return m_over; }
  // Prints a last line that had no newline yet.
  void finish() { m_context.out << m_view.finish(); }

 private:
  void note_truncation(const ApiResponse& response, JobId id) {
    if (m_noted || response.header("x-drover-log-truncated") != "1") return;
    m_context.err << fmt::format(
        "drover: note: the log of job {} was truncated at its size cap (log_max); "
        "later output was not kept\n",
        id);
    m_noted = true;
  }

  Context& m_context;
  LogViewOptions m_options;
  LogView m_view;
  std::string m_attempt;
  bool m_noted = false;
  bool m_over = false;
};

void configure_logs(CLI::App& command, CommandArgs& args) {
  add_job_id(command, args.id);
  command.add_flag("-f,--follow", args.follow, "keep printing new output until the job ends");
  command.add_option("-n,--lines", args.lines, "only the last N lines");
  command.add_option("--attempt", args.attempt, "this attempt's log (default: the latest)");
  command.add_flag("--events", args.events, "also print the job's @drover event lines");
  auto* no_time = command.add_flag("--no-time", args.no_time, "no time in front of the lines");
  command.add_flag("--utc", args.utc, "full UTC times (ISO 8601) instead of local times of day")
      ->excludes(no_time);
}

LogViewOptions log_view_options(const Context& context) {
  const CommandArgs& args = context.args;
  LogTimeStyle time = args.no_time ? LogTimeStyle::none
                      : args.utc   ? LogTimeStyle::utc
                                   : LogTimeStyle::local;
  return {args.events, time, context.color};
}

// A chain has no output of its own: its log is its running phase's, else
// its last started phase's. Any other job is its own source.
Result<JobId> log_source(const Context& context, JobId id) {
  auto answer = context.client().get(fmt::format("/api/jobs/{}", id));
  if (!answer) return answer.error();
  Job job = job_from_json(*answer);
  if (!job.chain) return id;
  const std::vector<PhaseRun>& phases = job.chain->phases;
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    if (!phases[i].job) continue;
    if (!chosen || phases[*chosen].state != JobState::running) chosen = i;
  }
  if (!chosen) {
    return make_error(ErrorCode::not_found, "chain job {} has no phase started yet", id);
  }
  context.err << fmt::format("drover: chain job {}: the log of phase {}/{} ({}), job {}\n", id,
                             *chosen + 1, phases.size(), phases[*chosen].phase.type,
                             *phases[*chosen].job);
  return *phases[*chosen].job;
}

int run_logs(Context& context) {
  Result<JobId> source = log_source(context, context.args.id);
  if (!source) return context.fail(source.error());
  LogRequest request{*source, context.args.attempt, 0, context.args.lines};
  LogPrinter printer(context, log_view_options(context));
  if (auto status = printer.fetch(request); !status) return context.fail(status.error());
  if (!context.args.follow) {
    printer.finish();
    return 0;
  }
  InterruptFlag interrupt;
  while (!printer.job_over()) {
    if (!interrupt.sleep_for(kLogPollInterval)) return 130;
    if (auto status = printer.fetch(request); !status) return context.fail(status.error());
  }
  // The state said finished: one more read for what was written just before.
  if (auto status = printer.fetch(request); !status) return context.fail(status.error());
  printer.finish();
  return 0;
}

void configure_follow(CLI::App& command, CommandArgs& args) {
  add_job_id(command, args.id);
}

int run_follow(Context& context) { return follow_job(context, context.args.id); }

constexpr std::array<CommandSpec, 2> kLogCommands{{
    {"logs", "", "a job's output: drover logs ID [-f] [-n N] [--attempt K] [--events]", configure_logs,
     run_logs},
    {"follow", "", "watch a job's progress until it ends (Ctrl-C leaves it running)",
     configure_follow, run_follow},
}};

}  // namespace

std::span<const CommandSpec> log_commands() { return kLogCommands; }

}  // namespace drover::cli
