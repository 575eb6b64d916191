// Applies one job event to the job it came from: progress, items, message,
// checkpoint, result, and a pending pause (decided when the attempt exits).
#pragma once

#include "core/job.h"
#include "protocol/job_event.h"

namespace drover {

// How many item names of each outcome a job keeps (the newest); counts are
// always exact.
inline constexpr std::size_t kItemsKept = 1000;

void apply_event(Job& job, const JobEvent& event);

// True for events whose loss on power failure would cost real work.
bool needs_full_durability(const JobEvent& event);

}  // namespace drover
