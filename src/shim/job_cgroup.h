// The shim's side of an attempt cgroup (spec.json `cgroup`): create it and
// apply the type's limits, start the job inside it, and at the end kill
// whatever the job left there and remove it. Every problem is a note in
// output.log; the job then runs contained by its process group only, as it
// would on a host without cgroups.
#pragma once

#include <optional>

#include "core/result.h"
#include "os/cgroup.h"
#include "os/process.h"
#include "protocol/shim_files.h"
#include "shim/output_log.h"

namespace drover {

// The attempt's cgroup with the limits written; nullopt (and a note saying
// why) when the spec names none or it cannot be made. A limit that cannot be
// applied is a warning, not a failure.
std::optional<Cgroup> open_job_cgroup(const ShimSpec& spec, OutputLog& log);

// Spawns the job inside `cgroup`: the shim steps in, spawns (the child
// starts inside, before it can fork) and steps back out to its own cgroup,
// so that killing the cgroup never kills the shim. When the shim cannot step
// in, the job starts outside it, with a note.
Result<int> spawn_in_cgroup(const SpawnOptions& options, const Cgroup& cgroup, OutputLog& log);

// Once the job has ended: SIGKILL to what it left running (a daemonized
// grandchild), noted in the log; then the cgroup is removed.
void release_job_cgroup(const Cgroup& cgroup, OutputLog& log);

}  // namespace drover
