// logs and follow: reading a job's output, and watching its progress.
#include <fmt/format.h>

#include <array>
#include <ostream>

#include "cli/command_table.h"
#include "cli/follow.h"
#include "cli/log_printer.h"
#include "core/job_json.h"
#include "os/interrupt_flag.h"

namespace drover::cli {
namespace {

constexpr std::chrono::milliseconds kLogPollInterval{200};

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

// The job whose output `logs` shows, with a note on stderr for a chain.
Result<JobId> log_source(const Context& context, JobId id) {
  DROVER_TRY(answer, context.client().get(fmt::format("/api/jobs/{}", id)));
  Job job = job_from_json(*answer);
  auto source = log_source_of(job);
  if (!source) return make_error(ErrorCode::not_found, "chain job {} has no phase started yet", id);
  if (source->phase) {
    context.err << fmt::format("drover: chain job {}: the log of {}\n", id,
                               describe_phase_source(job, *source));
  }
  return source->job;
}

// Prints what a fetch returned; false (after saying why) when it failed.
bool print_next(Context& context, LogPrinter& printer, LogRequest& request, int& exit_code) {
  auto text = printer.fetch(request);
  if (!text) {
    exit_code = context.fail(text.error());
    return false;
  }
  context.out << *text;
  context.out.flush();
  return true;
}

int run_logs(Context& context) {
  Result<JobId> source = log_source(context, context.args.id);
  if (!source) return context.fail(source.error());
  LogRequest request{*source, context.args.attempt, 0, context.args.lines};
  LogPrinter printer(context, log_view_options(context));
  int exit_code = 0;
  if (!print_next(context, printer, request, exit_code)) return exit_code;
  InterruptFlag interrupt;
  while (context.args.follow && !printer.job_over()) {
    if (!interrupt.sleep_for(kLogPollInterval)) return 130;
    if (!print_next(context, printer, request, exit_code)) return exit_code;
  }
  // The state said finished: one more read for what was written just before.
  if (context.args.follow && !print_next(context, printer, request, exit_code)) return exit_code;
  context.out << printer.finish();
  return 0;
}

void configure_follow(CLI::App& command, CommandArgs& args) {
  add_job_id(command, args.id);
  command.add_flag("--log", args.log, "print the job's output above the progress line");
  command.add_flag("--events", args.events, "with --log: also the job's @drover event lines");
  command.add_flag("--no-time", args.no_time, "with --log: no time in front of the lines");
}

int run_follow(Context& context) { return follow_job(context, context.args.id); }

constexpr std::array<CommandSpec, 2> kLogCommands{{
    {"logs", "", "a job's output: drover logs ID [-f] [-n N] [--attempt K] [--events]",
     configure_logs, run_logs},
    {"follow", "",
     "watch a job's progress until it ends, --log with its output (Ctrl-C leaves it running)",
     configure_follow, run_follow},
}};

}  // namespace

std::span<const CommandSpec> log_commands() { return kLogCommands; }

}  // namespace drover::cli
