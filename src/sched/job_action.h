// What a user can do to a job (cancel, kill, pause, resume, retry), by name,
// and how a refusal reads.
//
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "core/job.h"
#include "core/result.h"

namespace drover {

enum class JobAction { cancel, kill, pause, resume, retry };

std::optional<JobAction> parse_job_action(std::string_view name);
std::string_view job_action_past(JobAction action);  // "cancelled", "resumed"

// "job 7 is completed (exit code 0); it cannot be cancelled"
Error action_refused(const Job& job, JobAction action);

}  // namespace drover
