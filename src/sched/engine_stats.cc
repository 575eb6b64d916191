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

}  // namespace drover
