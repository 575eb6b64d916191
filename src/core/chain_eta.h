// A chain's ETA (DESIGN.md, chains: one bar over weighted phases).
#pragma once

#include <cstdint>
#include <optional>

namespace drover {

// Seconds left at the pace the whole chain has kept so far (its time per
// percent of weight done): phases of different speeds do not make it jump
// as a rate over the last minute would (1 min, then 19). None while
// nothing is done, and none once it is all done.
std::optional<std::int64_t> chain_eta_seconds(double percentage, std::int64_t elapsed_ms);

}  // namespace drover
