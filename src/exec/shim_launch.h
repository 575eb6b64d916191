// The steps of starting an attempt's shim, in order: lay out the folders,
// write the checkpoint and spec.json, spawn drover-shim in a new session.
// The Launcher then learns without blocking whether it started the job.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"
#include "exec/launcher.h"
#include "os/fd.h"
#include "protocol/shim_files.h"

namespace drover {

struct AttemptPaths {
  std::filesystem::path attempt;    // jobs/<id>/<n>/: the shim files
  std::filesystem::path work;       // jobs/<id>/work/: DROVER_JOB_DIR, kept across attempts
  std::filesystem::path artifacts;  // jobs/<id>/artifacts/: DROVER_ARTIFACTS
  std::filesystem::path cgroup;     // the attempt's cgroup, made by the shim; empty: none
};

// Creates the folders (the attempt folder must be new) and writes the
// checkpoint file and spec.json, with DROVER_* added to the job's env.
Result<ShimSpec> prepare_attempt(const LaunchRequest& request, const AttemptPaths& paths);

// Starts drover-shim on the attempt folder: new session, its own stdout and
// stderr in shim.log there, no descriptor of ours. Returns its pid.
Result<int> spawn_shim(const std::filesystem::path& shim_path,
                       const std::filesystem::path& attempt_dir);

// The job's pid once the shim has started it (shim.json of this attempt
// names it); nullopt before that, or when the file belongs to another token.
std::optional<ShimClaim> read_started_claim(const std::filesystem::path& attempt_dir,
                                            const std::string& token);

// The last lines the shim wrote on its stderr (shim.log), to explain a failure.
std::string shim_log_tail(const std::filesystem::path& attempt_dir);

}  // namespace drover
