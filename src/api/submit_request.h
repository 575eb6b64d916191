// Reads a submit body ({"type", "params", "key"?, "queue"?, "priority"?,
// "delay"? | "at"?, "force"?, "after"?}) into a SubmitRequest, naming any bad field.
#pragma once

#include "core/job.h"
#include "core/result.h"
#include "sched/engine.h"

namespace drover {

Result<SubmitRequest> parse_submit_request(const Json& body);

}  // namespace drover
