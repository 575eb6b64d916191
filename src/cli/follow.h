// Watching a job until it ends: `drover follow ID` and `submit --follow`.
#pragma once

#include "cli/cli_context.h"

namespace drover::cli {

// Polls the job ~4 times a second, drawing a progress line on a terminal
// (plain lines otherwise), until it is finished. Exit code: 0 completed,
// 1 failed or cancelled; Ctrl-C stops watching and leaves the job running.
int follow_job(Context& context, JobId id);

// "job 12 completed after 3 min" / "job 13 failed after 2 s: exit code 1".
std::string final_job_line(const Job& job, Millis now);

}  // namespace drover::cli
