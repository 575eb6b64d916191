// Writes a JobEvent as the `@drover ...` line a job prints (the reverse of
// event_parser.h; used by `drover emit` and by tests). What it writes parses
// back to the same event, with two adjustments a line forces: line breaks in
// text become spaces, and blanks in an item's NAME become '_'.
#pragma once

#include <string>

#include "protocol/job_event.h"

namespace drover {

// The line without its trailing newline, e.g. "@drover progress 3/10 repo-1".
// A pause time is written as an absolute RFC 3339 time.
std::string format_event_line(const JobEvent& event);

}  // namespace drover
