// The steps of starting an attempt's shim, in order: lay out the folders,
// write the checkpoint, hand the spec over (the launcher's socket, or
// spec.json for a drover-shim the daemon execs). The Launcher then learns
// without blocking whether it started the job.
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

// Creates the attempt folder (conflict when it exists: the attempt was
// launched already), the job's work and artifacts folders when the request
// asks for them, and the checkpoint file; returns the spec, with DROVER_*
// added to the job's env.
Result<ShimSpec> prepare_attempt(const LaunchRequest& request, const AttemptPaths& paths);

// spec.json, for a drover-shim started by exec (it has no launcher's socket).
Status write_spec_file(const std::filesystem::path& attempt_dir, const ShimSpec& spec);

// Starts drover-shim on the attempt folder (spec.json must be there): new
// session, its own stdout and stderr in shim.log there, no descriptor of
// ours. Returns its pid.
Result<int> spawn_shim(const std::filesystem::path& shim_path,
                       const std::filesystem::path& attempt_dir);

// The claim once it names the job's pid (the shim has started it); nullopt
// before that, or when the record belongs to another token.
std::optional<ShimClaim> read_started_claim(const std::filesystem::path& attempt_dir,
                                            const std::string& token);

// The last lines the shim wrote about itself (shim.log), to explain a failure.
std::string shim_log_tail(const std::filesystem::path& attempt_dir);

}  // namespace drover
