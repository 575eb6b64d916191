// Reads the `@drover ...` lines a job prints on stdout (DESIGN.md, Job
// events) into JobEvents:
//
//   @drover progress 154/245 infrastructure-apo-platform
//   @drover total 245
//   @drover item ok|fail|skip NAME [error...]
//   @drover message TEXT
//   @drover checkpoint {json}
//   @drover result {json}
//   @drover pause [until=+15m|until=RFC3339] [reason...]
//
// The input is whatever a job printed: any bytes, any length. A malformed
// line gives an error value saying what was expected; nothing throws or
// crashes (this is a fuzz target).
#pragma once

#include <optional>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "protocol/job_event.h"

namespace drover {

inline constexpr std::string_view kEventLinePrefix = "@drover ";

// True when the line is meant as an event (starts with "@drover ").
bool is_event_line(std::string_view line);

// Parses one line, prefix included, without its newline. The event's `at`
// is `now`, and a relative pause time (until=+15m) is resolved against it.
// `seq` is left 0: the shim numbers events as it writes them.
Result<JobEvent> parse_event_line(std::string_view line, Millis now);

// A pause's `until`: "+15m" relative to `now`, or an RFC 3339 time; none
// when it is neither or falls outside the years RFC 3339 can write.
std::optional<Millis> parse_pause_until(std::string_view text, Millis now);

}  // namespace drover
