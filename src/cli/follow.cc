#include "cli/follow.h"

#include <fmt/format.h>

#include <ostream>

#include "cli/color.h"
#include "cli/humanize.h"
#include "cli/line_drawer.h"
#include "cli/log_printer.h"
#include "cli/progress_bar.h"
#include "cli/table.h"
#include "cli/visible_text.h"
#include "core/job_json.h"
#include "os/interrupt_flag.h"

namespace drover::cli {
namespace {

constexpr std::chrono::milliseconds kPollInterval{250};
constexpr int kExitInterrupted = 130;  // 128 + SIGINT, as shells report it

// "job 12 running  [████░░]  154/245  63% ..." or, when not running, why not.
std::string status_line(const Job& job, const Context& context) {
  std::string head = fmt::format("job {} {}", job.id, state_name(job.state));
  std::string rest;
  if (job.state != JobState::running) {
    rest = job_item_text(job, context.clock.now());
  } else if (job.progress.empty()) {
    if (job.started_at) rest = "started " + humanize_relative(*job.started_at, context.clock.now());
  } else if (context.out_is_tty) {
    std::size_t room = context.width > head.size() + 2 ? context.width - head.size() - 2 : 0;
    rest = progress_line(job.progress, room);
  } else {
    rest = progress_summary(job.progress);
  }
  return visible_text(rest.empty() ? head : head + "  " + rest);
}

// The output shown above the status line (`follow --log`). A chain's is its
// running phase's; when the next phase starts, its log follows a note.
class FollowedLog {
 public:
  explicit FollowedLog(const Context& context) : m_context(context) {}

  // What came since the last call; `job` is the followed job as just read.
  Result<std::string> next(const Job& job) {
    auto source = log_source_of(job);
    if (!source) return std::string();
    std::string text;
    if (!m_printer || source->job != m_request.id) {
      if (m_printer) text += m_printer->finish();
      if (source->phase) text += fmt::format("--- {} ---\n", describe_phase_source(job, *source));
      m_printer.emplace(m_context, log_view_options(m_context));
      m_request = LogRequest{source->job, std::nullopt, 0, std::nullopt};
    }
    auto fetched = m_printer->fetch(m_request);
    if (!fetched) return fetched;
    return text + *fetched;
  }

  std::string finish() { return m_printer ? m_printer->finish() : std::string(); }

 private:
  const Context& m_context;
  std::optional<LogPrinter> m_printer;
  LogRequest m_request;
};

}  // namespace

std::string final_job_line(const Job& job, Millis now) {
  std::string line = fmt::format("job {} {}", job.id, state_name(job.state));
  if (job.started_at)
    line += " after " + humanize_span((job.finished_at.value_or(now)) - *job.started_at);
  if (job.error) line += ": " + *job.error;
  return visible_text(line);
}

int follow_job(Context& context, JobId id) {
  if (context.args.log && context.global.json) {
    return context.fail({ErrorCode::usage, "--log prints the output as text; leave out --json"});
  }
  InterruptFlag interrupt;
  LineDrawer drawer(context);
  std::optional<FollowedLog> log;
  if (context.args.log) log.emplace(context);
  DaemonClient client = context.client();
  std::string target = fmt::format("/api/jobs/{}", id);
  while (true) {
    auto answer = client.get(target);
    if (!answer) {
      drawer.finish();
      return context.fail(answer.error());
    }
    Job job = job_from_json(*answer);
    if (log) {
      auto text = log->next(job);
      if (!text) {
        drawer.finish();
        return context.fail(text.error());
      }
      drawer.print_above(*text);
    }
    if (is_finished(job.state)) {
      if (log) drawer.print_above(log->finish());
      drawer.finish();
      if (context.global.json) {
        context.print_json(*answer);
      } else {
        context.out << paint(final_job_line(job, context.clock.now()), state_color(job.state),
                             context.color)
                    << "\n";
      }
      return job.state == JobState::completed ? 0 : 1;
    }
    if (!context.global.json) drawer.draw(status_line(job, context));
    if (!interrupt.sleep_for(kPollInterval)) break;
  }
  drawer.finish();
  context.err << fmt::format(
      "drover: stopped watching; job {} keeps running (`drover follow {}` to watch again)\n", id,
      id);
  return kExitInterrupted;
}

}  // namespace drover::cli
