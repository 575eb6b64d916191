#include "sched/retry_policy.h"

#include <algorithm>

namespace drover {

std::optional<Millis> retry_delay(const TypeConfig* type, int failures, std::mt19937_64& random) {
  if (type == nullptr || failures > type->retries) return std::nullopt;
  int doublings = std::clamp(failures - 1, 0, 20);
  Millis base = std::min<Millis>(type->backoff << doublings, type->max_backoff);
  std::uniform_real_distribution<double> jitter(0.75, 1.25);
  return static_cast<Millis>(static_cast<double>(base) * jitter(random));
}

}  // namespace drover
