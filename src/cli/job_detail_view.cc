#include "cli/job_detail_view.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/humanize.h"
#include "cli/progress_bar.h"
#include "cli/table.h"
#include "cli/visible_text.h"
#include "core/duration.h"
#include "os/signals.h"

namespace drover::cli {
namespace {

// Label/value lines of the top block, in order; empty values are left out.
class Fields {
 public:
  explicit Fields(bool color) : m_color(color) {}
  void add(std::string_view label, const std::string& value, Color color = Color::none) {
    if (value.empty()) return;
    m_text += fmt::format("{:<10}  {}\n", label, paint(visible_text(value), color, m_color));
  }
  const std::string& text() const { return m_text; }

 private:
  bool m_color;
  std::string m_text;
};

std::string when(const std::optional<Millis>& at, Millis now) {
  if (!at) return "";
  return fmt::format("{} ({})", format_local_time(*at), humanize_relative(*at, now));
}

std::string compact_json(const Json& value) { return value.is_null() ? "" : value.dump(); }

std::string state_text(const Job& job) {
  std::string text(state_name(job.state));
  if (!job.state_reason.empty()) text += " (" + job.state_reason + ")";
  return text;
}

// Rate and ETA only while running: afterwards they are stale.
std::string progress_text(const Job& job) {
  const Progress& p = job.progress;
  std::string text = progress_fraction(p, true);
  if (job.state != JobState::running) return text;
  if (p.rate) text += " · " + humanize_rate(*p.rate);
  if (p.eta_seconds) text += " · ETA " + humanize_eta(*p.eta_seconds);
  return text;
}

std::string items_text(const Progress& p) {
  if (p.items_completed + p.items_failed + p.items_skipped == 0) return "";
  return fmt::format("{} ok, {} failed, {} skipped", humanize_count(p.items_completed),
                     humanize_count(p.items_failed), humanize_count(p.items_skipped));
}

std::string checkpoint_text(const Job& job, Millis now) {
  if (!job.checkpoint) return "";
  return fmt::format("saved {}: {}", humanize_relative(job.checkpoint->saved_at, now),
                     compact_json(job.checkpoint->value));
}

std::string origin_text(const Job& job) {
  if (job.cached_from) return fmt::format("result cached from job {}", *job.cached_from);
  if (job.deduplicated) return "deduplicated: an earlier submission with the same key";
  return "";
}

void add_progress_fields(Fields& fields, const Job& job, Millis now) {
  fields.add("progress", job.progress.empty() ? "" : progress_text(job));
  fields.add("item", job.progress.item);
  fields.add("message", job.progress.message);
  fields.add("items", items_text(job.progress));
  fields.add("checkpoint", checkpoint_text(job, now));
  fields.add("result", job.result ? compact_json(*job.result) : "");
  fields.add("error", job.error.value_or(""), Color::red);
  fields.add("origin", origin_text(job));
}

std::string summary_block(const Job& job, const ViewOptions& view) {
  Fields fields(view.color);
  fields.add("job", fmt::format("{}  {}", job.id, job.type), Color::bold);
  fields.add("state", state_text(job), state_color(job.state));
  fields.add("waiting", wait_reason_text(job, view.now));
  fields.add("params", compact_json(job.params));
  fields.add("key", job.key.value_or(""));
  fields.add("chain", job.parent ? fmt::format("phase of chain job {}", *job.parent) : "");
  fields.add("after", job.after.empty() ? "" : fmt::format("jobs {}", fmt::join(job.after, ", ")));
  fields.add("queue", fmt::format("{}  (priority {})", job.queue, job.priority));
  fields.add("created", when(job.created_at, view.now));
  fields.add("started", when(job.started_at, view.now));
  fields.add("finished", when(job.finished_at, view.now));
  fields.add(job.state == JobState::queued ? "not before" : "resumes",
             when(job.resume_at, view.now));
  add_progress_fields(fields, job, view.now);
  return fields.text();
}

std::string failed_items_block(const Progress& p, const ViewOptions& view) {
  if (p.failed.empty()) return "";
  Table table({{"ITEM", false, 2, 12}, {"ERROR", false, 1, 12}});
  for (const FailedItem& f : p.failed) table.add_row({{f.item}, {f.error, Color::red}});
  return "\nFailed items\n" + table.render({view.width, view.color});
}

// A chain's phases: each with its weight, state, progress and job.
std::string phases_block(const Job& job, const ViewOptions& view) {
  if (!job.chain) return "";
  Table table({{"#", true},
               {"TYPE"},
               {"WEIGHT", true},
               {"STATE"},
               {"DONE", true},
               {"JOB", true},
               {"PARAMS", false, 1, 12}});
  const std::vector<PhaseRun>& phases = job.chain->phases;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const PhaseRun& phase = phases[i];
    JobState state = phase.state.value_or(JobState::queued);
    table.add_row({{std::to_string(i + 1)},
                   {phase.phase.type},
                   {fmt::format("{:g}", phase.phase.weight)},
                   {phase.state ? std::string(state_name(state)) : "pending",
                    phase.state ? state_color(state) : Color::none},
                   {fmt::format("{:.0f}%", phase.percentage)},
                   {phase.job ? std::to_string(*phase.job) : ""},
                   {compact_json(phase.phase.params)}});
  }
  return fmt::format("\nPhases ({} of {} completed)\n", job.chain->phases_completed,
                     phases.size()) +
         table.render({view.width, view.color});
}

std::string signal_text(const std::optional<int>& signal) {
  return signal ? signal_name(*signal) : "";
}

std::string log_text(const Attempt& a) {
  std::string text = format_size(a.log_bytes);
  return a.log_truncated ? text + " (truncated)" : text;
}

std::string attempts_block(const Job& job, const ViewOptions& view) {
  if (job.attempts.empty()) return "";
  Table table({{"#", true},
               {"PID", true},
               {"NODE"},
               {"STARTED"},
               {"ENDED"},
               {"EXIT", true},
               {"SIGNAL"},
               {"LOG"}});
  for (const Attempt& a : job.attempts) {
    table.add_row({{std::to_string(a.n)},
                   {a.pid ? std::to_string(*a.pid) : ""},
                   {a.node},
                   {humanize_relative(a.started_at, view.now)},
                   {a.ended_at ? humanize_relative(*a.ended_at, view.now) : "running"},
                   {a.exit_code ? std::to_string(*a.exit_code) : ""},
                   {signal_text(a.signal)},
                   {log_text(a)}});
  }
  return "\nAttempts\n" + table.render({view.width, view.color});
}

std::string history_block(const Job& job, const ViewOptions& view) {
  if (job.history.empty()) return "";
  Table table({{"AT"}, {"FROM"}, {"TO"}, {"REASON", false, 1, 12}});
  for (const Transition& t : job.history) {
    table.add_row({{format_local_time(t.at)},
                   {std::string(state_name(t.from))},
                   {std::string(state_name(t.to)), state_color(t.to)},
                   {t.reason}});
  }
  return "\nHistory\n" + table.render({view.width, view.color});
}

}  // namespace

std::string render_job_detail(const Job& job, const ViewOptions& view) {
  return summary_block(job, view) + phases_block(job, view) +
         failed_items_block(job.progress, view) + attempts_block(job, view) +
         history_block(job, view);
}

}  // namespace drover::cli
