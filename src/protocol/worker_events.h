// Job events as a worker sends them: the `@drover` vocabulary as JSON
// objects (DESIGN.md, Worker jobs), in the body of a report:
//
//   {"kind": "progress", "current": 154, "total": 245, "item": "repo-154"}
//   {"kind": "total", "total": 245}
//   {"kind": "item", "outcome": "ok"|"fail"|"skip", "item": "repo-1", "error": "..."}
//   {"kind": "message", "text": "Cloned 154 repositories"}
//   {"kind": "checkpoint", "value": {...}}
//   {"kind": "result", "value": {...}}
//   {"kind": "pause", "until": "+15m"|RFC 3339 time, "reason": "rate limited"}
//
// The input comes from any program on the network: every field is checked
// and an error names the event (by index) and what was expected. Nothing
// throws.
#pragma once

#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "protocol/job_event.h"

namespace drover {

// At most this many events in one report: a bigger batch is a client bug
// or an attack, and one report is applied in one turn of the event loop.
inline constexpr std::size_t kMaxEventsPerReport = 10'000;

// Parses a JSON array of events. Each event's `at` is `now` (a relative
// pause is resolved against it); `seq` is left 0 for the caller to number.
Result<std::vector<JobEvent>> parse_worker_events(const Json& events, Millis now);

// One event as a worker would send it (the inverse, for clients and tests).
Json worker_event_to_json(const JobEvent& event);

}  // namespace drover
