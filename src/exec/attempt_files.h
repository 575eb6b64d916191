// Reading the shim files of an attempt folder from the daemon's side, and
// the daemon's one write into a claim: marking an attempt abandoned.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"
#include "protocol/shim_files.h"

namespace drover {

// shim.json; not_found when no shim (and no reconciler) claimed the attempt.
Result<ShimClaim> read_claim(const std::filesystem::path& attempt_dir);

// exit.json; not_found while the job runs.
Result<ShimExit> read_exit(const std::filesystem::path& attempt_dir);

// Creates shim.json marked abandoned unless it exists; conflict when a shim
// claimed the attempt first.
Status abandon_attempt(const std::filesystem::path& attempt_dir, const std::string& token);

}  // namespace drover
