// EngineStats: what the engine counts for /metrics (Prometheus) beyond what
// the store and scheduler already know. Since daemon start; not persisted.
#pragma once

#include <array>
#include <cstdint>

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
  std::uint64_t events_ingested = 0;    // job events applied from shims
  DurationHistogram attempt_seconds;    // observed when an attempt ends
};

}  // namespace drover
