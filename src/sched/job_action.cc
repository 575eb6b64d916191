#include "sched/job_action.h"

#include <string>

#include "core/enum_names.h"

namespace drover {
namespace {

constexpr EnumNames<JobAction, 5> kActionNames{{{JobAction::cancel, "cancel"},
                                                {JobAction::kill, "kill"},
                                                {JobAction::pause, "pause"},
                                                {JobAction::resume, "resume"},
                                                {JobAction::retry, "retry"}}};

constexpr EnumNames<JobAction, 5> kActionsDone{{{JobAction::cancel, "cancelled"},
                                                {JobAction::kill, "killed"},
                                                {JobAction::pause, "paused"},
                                                {JobAction::resume, "resumed"},
                                                {JobAction::retry, "retried"}}};

}  // namespace

std::optional<JobAction> parse_job_action(std::string_view name) {
  return value_of(kActionNames, name);
}

std::string_view job_action_past(JobAction action) { return name_of(kActionsDone, action); }

Error action_refused(const Job& job, JobAction action) {
  std::string why = job.state_reason.empty() ? "" : " (" + job.state_reason + ")";
  return make_error(ErrorCode::conflict, "job {} is {}{}; it cannot be {}", job.id,
                    state_name(job.state), why, job_action_past(action));
}

}  // namespace drover
