// Reads the bodies of the worker protocol's routes (DESIGN.md, Worker jobs)
// into engine requests, naming any bad field. A body with one bad part is
// refused whole, so nothing of it is applied.
//
//   fetch:   {"worker": {"id", "host", "pid"}?, "types": [...], "max"?: 1..1000,
//             "wait"?: seconds 0..30}
//   report:  {"job", "token", "events"?: [...], "end"?}    (no events: a heartbeat)
//   complete:{"job", "token", "result"?, "events"?}
//   fail:    {"job", "token", "error", "events"?}
//   reports: {"reports": [{"job", "token", "events"?, "end"?: "complete"|"fail",
//              "result"?, "error"?}, ...]}                 (at most 1000)
#pragma once

#include <optional>
#include <vector>

#include "core/clock.h"
#include "core/job.h"
#include "core/result.h"
#include "sched/worker_pool.h"

namespace drover {

inline constexpr int kMaxFetch = 1000;
inline constexpr Millis kMaxFetchWait = 30'000;
inline constexpr std::size_t kMaxReports = 1000;

Result<FetchRequest> parse_fetch_request(const Json& body);
// `end` is what the route says (complete, fail); none: the body's "end" says.
Result<WorkerReport> parse_worker_report(const Json& body, std::optional<WorkerEnd> end,
                                         Millis now);
Result<std::vector<WorkerReport>> parse_worker_reports(const Json& body, Millis now);

}  // namespace drover
