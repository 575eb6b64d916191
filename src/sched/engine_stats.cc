// Engine: counting for /metrics, kept apart from the engine's logic.
#include "sched/engine_stats.h"

#include <algorithm>

#include "sched/engine.h"

namespace drover {

void DurationHistogram::observe(double seconds) {
  auto bucket = std::lower_bound(kBounds.begin(), kBounds.end(), seconds) - kBounds.begin();
  counts[static_cast<std::size_t>(bucket)]++;
  sum += seconds;
  count++;
}

void Engine::count_events(std::size_t count) { m_stats.events_ingested += count; }

void Engine::observe_attempt_end(const Attempt& attempt) {
  if (!attempt.ended_at) return;
  Millis ran = std::max<Millis>(*attempt.ended_at - attempt.started_at, 0);
  m_stats.attempt_seconds.observe(static_cast<double>(ran) / 1000.0);
}

Result<std::map<std::pair<JobState, std::string>, std::int64_t>> Engine::count_jobs() {
  return m_store.count_jobs_by_state_and_type();
}

Result<JobStats> Engine::job_stats() {
  JobStats stats;
  stats.now = m_clock.now();
  DROVER_TRY(by_state, m_store.count_jobs_by_state());
  stats.by_state = std::move(*by_state);
  DROVER_TRY(last_day, m_store.count_finished_since(stats.now - JobStats::kDay, JobStats::kDay));
  // A day-long bucket aligned on the epoch may split the last 24 h in two.
  for (const FinishedCount& count : *last_day) stats.finished_last_day[count.state] += count.count;
  Millis this_minute = stats.now / JobStats::kMinute * JobStats::kMinute;
  stats.chart_start = this_minute - (JobStats::kChartMinutes - 1) * JobStats::kMinute;
  DROVER_TRY(per_minute, m_store.count_finished_since(stats.chart_start, JobStats::kMinute));
  stats.per_minute = std::move(*per_minute);
  return stats;
}

}  // namespace drover
