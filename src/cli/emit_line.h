// `drover emit ...`: the `@drover` line a job script prints to report
// progress (DESIGN.md, Job events). The words are checked with the same
// parser the shim uses, so a script learns of a mistake when it emits, not
// by a silently ignored line.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace drover::cli {

// `words` as typed after `emit` ("progress", "3/10", "repo-1"); the line
// without its newline, or a usage error saying what was expected.
Result<std::string> emit_line(const std::vector<std::string>& words, Millis now);

}  // namespace drover::cli
