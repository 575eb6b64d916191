// EngineStats: what the engine counts for /metrics (Prometheus) beyond what
// the store and scheduler already know. Since daemon start; not persisted.
// JobStats: the operator's summary (/api/stats), read from the store.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "store/store.h"

namespace drover {

// Attempt durations in seconds, in fixed buckets (upper bounds, then +Inf).
struct DurationHistogram {
  static constexpr std::array<double, 7> kBounds{1, 5, 30, 60, 300, 1800, 3600};
  std::array<std::uint64_t, kBounds.size() + 1> counts{};  // per bucket, not cumulative
  double sum = 0;
  std::uint64_t count = 0;

  void observe(double seconds);
};

struct EngineStats {
  std::uint64_t events_ingested = 0;  // job events applied from shims
  DurationHistogram attempt_seconds;  // observed when an attempt ends
};

// Jobs by state now, and how many finished lately: the web UI's summary strip
// and its finished/failed chart.
struct JobStats {
  static constexpr Millis kMinute = 60'000;
  static constexpr int kChartMinutes = 60;
  static constexpr Millis kDay = 24 * 3600'000;

  Millis now = 0;
  std::map<JobState, std::int64_t> by_state;           // every stored job
  std::map<JobState, std::int64_t> finished_last_day;  // completed, failed, cancelled
  Millis chart_start = 0;                              // the first whole minute of the chart
  std::vector<FinishedCount> per_minute;  // since chart_start, only minutes that have jobs
};

}  // namespace drover
