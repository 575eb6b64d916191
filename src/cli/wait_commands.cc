// `drover wait ID...`: like `pueue wait`, returns once the jobs are final
// (or, with --any, once one is). Exit 0 when every job that ended completed,
// 1 when one failed or was cancelled, 3 for an unknown job, 130 on Ctrl-C.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <ostream>

#include "cli/color.h"
#include "cli/command_table.h"
#include "cli/follow.h"
#include "cli/line_drawer.h"
#include "core/job_json.h"
#include "os/interrupt_flag.h"

namespace drover::cli {
namespace {

constexpr std::chrono::milliseconds kPollInterval{250};
constexpr int kExitInterrupted = 130;

struct Waited {
  std::vector<JobId> ids;
  std::vector<std::optional<Json>> finals;  // per id, the job once final
  std::size_t ended() const {
    return static_cast<std::size_t>(std::count_if(finals.begin(), finals.end(),
                                                  [](const auto& job) { return job.has_value(); }));
  }
  bool done(bool any) const { return any ? ended() > 0 : ended() == ids.size(); }
};

// Reads every job not final yet; an unknown job or a lost daemon is an error.
Status poll(const Context& context, Waited& waited) {
  DaemonClient client = context.client();
  for (std::size_t i = 0; i < waited.ids.size(); ++i) {
    if (waited.finals[i]) continue;
    DROVER_TRY(job, client.get(fmt::format("/api/jobs/{}", waited.ids[i])));
    auto state = parse_state(job->value("state", ""));
    if (state && is_finished(*state)) waited.finals[i] = std::move(*job);
  }
  return {};
}

std::string progress_text(const Waited& waited) {
  return fmt::format("waiting for {} job{}: {} done", waited.ids.size(),
                     waited.ids.size() == 1 ? "" : "s", waited.ended());
}

int report(const Context& context, const Waited& waited) {
  Json jobs = Json::array();
  bool all_completed = true;
  for (const auto& final_job : waited.finals) {
    if (!final_job) continue;
    Job job = job_from_json(*final_job);
    all_completed = all_completed && job.state == JobState::completed;
    jobs.push_back(*final_job);
    if (!context.global.json) {
      context.out << paint(final_job_line(job, context.clock.now()), state_color(job.state),
                           context.color)
                  << "\n";
    }
  }
  if (context.global.json) context.print_json(jobs);
  return all_completed ? 0 : 1;
}

void configure_wait(CLI::App& command, CommandArgs& args) {
  command.add_option("IDS", args.ids, "the jobs to wait for")->required();
  command.add_flag("--any", args.any, "return as soon as one of them is final");
}

int run_wait(Context& context) {
  Waited waited;
  for (const std::string& text : context.args.ids) {
    Result<JobId> id = parse_job_id(text);
    if (!id) return context.fail(id.error());
    waited.ids.push_back(*id);
  }
  waited.finals.resize(waited.ids.size());
  InterruptFlag interrupt;
  LineDrawer drawer(context);
  while (true) {
    if (Status polled = poll(context, waited); !polled) {
      drawer.finish();
      return context.fail(polled.error());
    }
    if (waited.done(context.args.any)) break;
    // A progress line only where someone watches it; piped output stays the result.
    if (context.out_is_tty && !context.global.json) drawer.draw(progress_text(waited));
    if (!interrupt.sleep_for(kPollInterval)) {
      drawer.finish();
      context.err << "drover: stopped waiting; the jobs go on\n";
      return kExitInterrupted;
    }
  }
  drawer.finish();
  return report(context, waited);
}

constexpr std::array<CommandSpec, 1> kWaitCommands{{
    {"wait", "", "wait until jobs are final: drover wait ID... [--any]; exit 1 if any failed",
     configure_wait, run_wait},
}};

}  // namespace

std::span<const CommandSpec> wait_commands() { return kWaitCommands; }

}  // namespace drover::cli
