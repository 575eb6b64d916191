// When a failed attempt is tried again: while the type's retries last
// (`retries = 3`: four attempts in all), after an exponential backoff with
// jitter: backoff, 2x, 4x... capped at max_backoff, each +-25% so that jobs
// failing together do not all come back at once.
//
// Pure but for the random source the caller seeds; thread-compatible.
#pragma once

#include <optional>
#include <random>

#include "core/clock.h"
#include "core/config.h"

namespace drover {

// How long to wait before the next attempt after `failures` failed ones
// (1 after the first); none when the job has no retries left.
std::optional<Millis> retry_delay(const TypeConfig* type, int failures, std::mt19937_64& random);

}  // namespace drover
