// The one-line progress of a job, as `drover follow` draws it on a terminal:
//   [██████████░░░░░░]  154/245  63%  0.1/s  ETA ~15 min  infrastructure-apo-platform
// and the short forms `drover ls` shows ("154/245 (63%)").
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/job.h"

namespace drover::cli {

// Whole percent, rounded, but never 100 before the end: 244/245 is "99%".
std::optional<int> percent_done(const Progress& progress);

// "154/245 (63%)" with the percentage, "1234/10000" without, "17" with no
// total, "" when nothing was reported.
std::string progress_fraction(const Progress& progress, bool with_percent);

// "[████░░░░]" with `cells` cells between the brackets; `ascii` uses '#' and '-'.
std::string progress_bar(double fraction, std::size_t cells, bool ascii = false);

// "154/245  63%  0.1/s  ETA ~15 min  item": the line without its bar, for
// output that is not a terminal.
std::string progress_summary(const Progress& progress);

// The whole line, at most `width` characters (0: no limit): bar, counts,
// percent, rate, ETA, then the current item, which is cut first.
std::string progress_line(const Progress& progress, std::size_t width, bool ascii = false);

}  // namespace drover::cli
