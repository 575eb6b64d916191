// The states of a job and the transitions between them (DESIGN.md, States).
// Every change of state goes through check_transition; an illegal one is an
// error value, never applied.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace drover {

enum class JobState { queued, running, completed, failed, cancelled, paused, interrupted };

std::string_view state_name(JobState state);
std::optional<JobState> parse_state(std::string_view name);

// completed, failed, cancelled: the job will not run again unless a user asks.
bool is_finished(JobState state);
// paused, interrupted, failed, cancelled: `drover resume` / `retry` may queue it again.
bool is_restartable(JobState state);

// Ok when the state diagram has an arrow from `from` to `to`; otherwise an
// error naming both, e.g. "job 12 is completed; it cannot become running".
Status check_transition(long long job_id, JobState from, JobState to);

}  // namespace drover
