// Jobs that run after others (`--after 12`, or "@2" within a batch): a job
// waits while a dependency is unfinished, becomes startable once all have
// completed, and fails when one failed, was cancelled or was removed (its
// own dependents then fail too). References within a batch must exist and
// must not wait for each other in a cycle.
//
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/job.h"
#include "core/result.h"
#include "sched/job_admission.h"

namespace drover {

enum class DependencyVerdict { wait, satisfied, failed };

struct DependencyCheck {
  DependencyVerdict verdict = DependencyVerdict::wait;
  std::string error;  // when failed: "dependency 12 was cancelled"
};

// What a dependency in `state` (none: no such job any more) means for the
// job waiting for it.
DependencyCheck check_dependency(JobId dependency, std::optional<JobState> state);

// Refuses a batch whose "@n" references point outside it or form a cycle.
Status check_batch_links(const std::vector<SubmitRequest>& requests);

}  // namespace drover
