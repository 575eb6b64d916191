#include "cli/job_list_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "cli/humanize.h"
#include "cli/progress_bar.h"
#include "cli/table.h"

namespace drover::cli {
namespace {

std::string paused_text(const Job& job, Millis now) {
  std::string text = job.state_reason.empty() ? "paused" : job.state_reason;
  if (job.resume_at) text += ", resumes " + humanize_clock_time_ahead(*job.resume_at, now);
  return text;
}

std::string finished_text(const Job& job) {
  if (job.error && !job.error->empty()) return *job.error;
  // "exit code 0" says nothing about a completed job; its last message may.
  if (job.state == JobState::completed) return job.progress.message;
  return job.state_reason;
}

const Json& type_of(const Job& job, const TypeCatalog& types) {
  static const Json kUnknown;
  auto found = types.find(job.type);
  return found == types.end() ? kUnknown : found->second;
}

std::vector<Cell> job_row(const Job& job, const ViewOptions& view, const TypeCatalog& types) {
  bool running = job.state == JobState::running;
  const Progress& progress = job.progress;
  std::string rate = running && progress.rate ? humanize_rate(*progress.rate) : "";
  std::string eta = running && progress.eta_seconds ? humanize_eta(*progress.eta_seconds) : "";
  std::string started = job.started_at ? humanize_relative(*job.started_at, view.now) : "";
  return {{std::to_string(job.id)},
          {job.type},
          {params_summary(job, type_of(job, types))},
          {std::string(state_name(job.state)), state_color(job.state)},
          {progress_fraction(progress, running)},
          {job_item_text(job, view.now)},
          {rate},
          {eta},
          {started}};
}

// The list's order, except that a phase whose chain is listed too comes
// right under it (in phase order), not as a row of its own elsewhere.
std::vector<const Job*> chains_first(const std::vector<Job>& jobs) {
  std::map<JobId, std::vector<const Job*>> phases_of;
  std::set<JobId> listed;
  for (const Job& job : jobs) listed.insert(job.id);
  for (const Job& job : jobs) {
    if (job.parent && listed.contains(*job.parent)) phases_of[*job.parent].push_back(&job);
  }
  std::vector<const Job*> order;
  for (const Job& job : jobs) {
    if (job.parent && listed.contains(*job.parent)) continue;
    order.push_back(&job);
    auto phases = phases_of.find(job.id);
    if (phases == phases_of.end()) continue;
    std::sort(phases->second.begin(), phases->second.end(),
              [](const Job* a, const Job* b) { return a->id < b->id; });
    order.insert(order.end(), phases->second.begin(), phases->second.end());
  }
  return order;
}

}  // namespace

std::string job_item_text(const Job& job, Millis now) {
  switch (job.state) {
    case JobState::running:
      return job.progress.item.empty() ? job.progress.message : job.progress.item;
    case JobState::queued:
      return wait_reason_text(job, now);
    case JobState::paused:
      return paused_text(job, now);
    case JobState::interrupted:
      return job.resumable() ? "interrupted, resumable from checkpoint" : job.state_reason;
    case JobState::completed:
    case JobState::failed:
    case JobState::cancelled:
      return finished_text(job);
  }
  return "";
}

std::string wait_reason_text(const Job& job, Millis now) {
  static constexpr std::string_view kDelayed = "delayed until ";
  std::string reason = job.wait_reason.value_or("");
  if (!reason.starts_with(kDelayed)) return reason;
  auto until = parse_rfc3339(reason.substr(kDelayed.size()));
  if (!until) return reason;
  return std::string(kDelayed) + humanize_clock_time_ahead(*until, now);
}

std::string render_job_list(const std::vector<Job>& jobs, const ViewOptions& view,
                            const TypeCatalog& types) {
  Table table({{"ID"},
               {"TYPE", false, 3, 8},
               {"PARAMS", false, 1, 10},
               {"STATE"},
               {"PROGRESS"},
               {"ITEM", false, 2, 12},
               {"RATE"},
               {"ETA"},
               {"STARTED"}});
  for (const Job* job : chains_first(jobs)) {
    std::vector<Cell> row = job_row(*job, view, types);
    if (job->parent) row[1].text = "└ " + row[1].text;
    table.add_row(std::move(row));
  }
  return render_table(table, view);
}

std::string render_table(const Table& table, const ViewOptions& view) {
  TableStyle style;
  style.max_width = view.width;
  style.color = view.color;
  return table.render(style);
}

}  // namespace drover::cli
