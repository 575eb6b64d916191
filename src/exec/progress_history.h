// A job's progress over time, read back from its attempts' events.jsonl, for
// the chart on the job's page: it starts when the job started, not when the
// page was opened. A long job writes millions of progress records, so a big
// file is sampled (a window at evenly spaced offsets), never read whole:
// the cost is bounded by the number of points asked for.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/clock.h"

namespace drover {

struct ProgressPoint {
  Millis at = 0;
  std::int64_t current = 0;
  std::optional<std::int64_t> total;  // as known at that moment

  bool operator==(const ProgressPoint&) const = default;
};

// At most about `max_points` points of one attempt's events.jsonl, oldest
// first, always with its last progress. Nothing (not an error) before the
// file exists; unreadable or foreign lines are skipped.
std::vector<ProgressPoint> read_progress_history(const std::filesystem::path& events_file,
                                                 std::size_t max_points);

}  // namespace drover
