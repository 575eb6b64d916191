// Opening a client-given relative path inside a folder it must not leave
// (a job's artifacts), which the job itself filled. The folder is named
// from a trusted one (`base`, the state dir's jobs/) so that no link on the
// way is followed: not the folder replaced by a link, not a link inside it.
// Refused: empty, absolute, NUL, any ".." component (invalid); a link on
// the way (conflict: "artifacts/x is a symbolic link; drover does not
// follow links a job made"); missing, or not a regular file (not_found).
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"
#include "os/fd.h"

namespace drover {

// A folder below a trusted one: jobs/ and "12/artifacts".
struct ConfinedRoot {
  std::filesystem::path base;
  std::string below;

  // jobs/12/artifacts -> {jobs, "12/artifacts"}.
  static ConfinedRoot of(const std::filesystem::path& folder);
  // Opens the folder itself.
  Result<UniqueFd> open() const;
};

// Opens the regular file `relative` names under `root`, for reading.
Result<UniqueFd> open_confined(const ConfinedRoot& root, std::string_view relative);

}  // namespace drover
