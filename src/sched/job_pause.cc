#include "sched/job_pause.h"

#include <algorithm>

#include <fmt/format.h>

namespace drover {

PauseDecision decide_pause(const TypeConfig& type, int pauses_in_a_row, Millis now,
                           Millis requested, const std::string& reason) {
  if (pauses_in_a_row >= kMaxPausesWithoutProgress) {
    return {std::nullopt, fmt::format("paused {} times in a row without progress; last reason: {}",
                                      pauses_in_a_row, reason)};
  }
  int doublings = std::clamp(pauses_in_a_row - 1, 0, 20);
  Millis floor = std::min<Millis>(std::max<Millis>(type.backoff, 1) << doublings, type.max_backoff);
  return {std::max(requested, now + floor), std::nullopt};
}

}  // namespace drover
