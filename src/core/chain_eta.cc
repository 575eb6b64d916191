#include "core/chain_eta.h"

#include <cmath>

namespace drover {

std::optional<std::int64_t> chain_eta_seconds(double percentage, std::int64_t elapsed_ms) {
  if (percentage <= 0 || percentage >= 100 || elapsed_ms <= 0) return std::nullopt;
  double seconds_per_percent = static_cast<double>(elapsed_ms) / 1000.0 / percentage;
  return std::llround(seconds_per_percent * (100.0 - percentage));
}

}  // namespace drover
