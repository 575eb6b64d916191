// RateTracker: items per second over a sliding window, and the ETA that
// follows. A windowed average rather than an instant one: it is steady when
// items take uneven time, falls towards zero when a job stalls, and says
// nothing until a second of history exists.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <utility>

#include "core/clock.h"

namespace drover {

class RateTracker {
 public:
  explicit RateTracker(Millis window = 60'000) : m_window(window) {}

  // Records that `current` items were done at time `at`.
  void observe(Millis at, std::int64_t current);

  // Items per second at time `now`; nullopt with under a second of history.
  std::optional<double> rate(Millis now) const;

  // Seconds until `total` at the current rate; nullopt when unknown.
  std::optional<std::int64_t> eta_seconds(Millis now, std::optional<std::int64_t> total) const;

 private:
  Millis m_window;
  std::deque<std::pair<Millis, std::int64_t>> m_samples;  // oldest first
};

}  // namespace drover
