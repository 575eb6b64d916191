// Whether a job gets its work and artifacts folders (DROVER_JOB_DIR,
// DROVER_ARTIFACTS) made before it runs. They are two of the few inodes an
// attempt costs, so a job that cannot use them goes without:
//   - a type declared in drover.toml always gets them (its scripts may use
//     them without saying so on the command line);
//   - an ad-hoc command (the built-in shell type) gets them when it names
//     one of the two variables, or runs a shell, a script interpreter or a
//     script (#!), which could read them; a program run directly (`drover
//     run -- /bin/true`) does not. Its environment still names the two paths, and
//     it may make them (mkdir -p) if it wants them after all.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/config.h"

namespace drover {

// `cwd`: the job's working folder, where a relative program path is found
// (empty: the daemon's own).
bool uses_job_folders(const TypeConfig& type, const std::vector<std::string>& argv,
                      const std::filesystem::path& cwd = {});

}  // namespace drover
