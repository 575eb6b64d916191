// What a pause the job asked for (`@drover pause until=...`, then exit)
// becomes. A job that pauses again and again without doing anything in
// between (until= in the past, +0s) would otherwise restart as fast as the
// daemon can start it, forever. So:
//   - a floor: the job resumes no sooner than the type's backoff after it
//     paused, doubling with each pause in a row (capped at max_backoff), and
//     never sooner than it asked;
//   - a cap: the kMaxPausesWithoutProgress-th pause in a row fails the job,
//     naming the last reason.
// A progress, item or checkpoint event between two pauses is progress: it
// resets the count (apply_event.h). The count is kept in the job's progress,
// so it is stored with it and survives a daemon restart.
//
// Pure: no clock, no I/O; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/config.h"

namespace drover {

inline constexpr int kMaxPausesWithoutProgress = 10;

struct PauseDecision {
  std::optional<Millis> resume_at;     // set: pause until then
  std::optional<std::string> failure;  // set: fail the job with this reason instead
};

// `pauses_in_a_row` counts this pause too (1 for a first pause).
PauseDecision decide_pause(const TypeConfig& type, int pauses_in_a_row, Millis now,
                           Millis requested, const std::string& reason);

}  // namespace drover
