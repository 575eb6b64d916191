// The steps of starting an attempt's shim, in order: lay out the folders,
// write the checkpoint and spec.json, spawn drover-shim in a new session,
// and wait (bounded) until it has started the job or given up.
#pragma once

#include <chrono>
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
};

// Creates the folders (the attempt folder must be new) and writes the
// checkpoint file and spec.json, with DROVER_* added to the job's env.
Result<ShimSpec> prepare_attempt(const LaunchRequest& request, const AttemptPaths& paths);

// Starts drover-shim on the attempt folder: new session, its own stdout and
// stderr in shim.log there, no descriptor of ours. Returns its pid.
Result<int> spawn_shim(const std::filesystem::path& shim_path,
                       const std::filesystem::path& attempt_dir);

// What the shim did by the time wait_for_shim_start returned.
struct ShimStart {
  std::optional<ShimClaim> claim;  // with job_pid once the job runs
  std::optional<ShimExit> exit;    // the job already ended (or could not start)
  bool shim_ended = false;         // the shim process is gone
};

// Polls the attempt folder until shim.json names the job's pid, exit.json
// exists, the shim ended, or `limit` passed (then all are empty).
ShimStart wait_for_shim_start(const std::filesystem::path& attempt_dir, int shim_pidfd,
                              const std::string& token, std::chrono::milliseconds limit);

// The last lines the shim wrote on its stderr (shim.log), to explain a failure.
std::string shim_log_tail(const std::filesystem::path& attempt_dir);

}  // namespace drover
