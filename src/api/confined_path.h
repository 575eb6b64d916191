// Resolving a client-given relative path inside a folder it must not leave
// (a job's artifacts). Refused: empty, absolute, NUL, any ".." component
// (invalid); and a path that, symlinks followed, lands outside the folder,
// or is missing or not a regular file (not_found: nothing to tell about).
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"

namespace drover {

// The real path of the regular file `relative` names under `root`.
Result<std::filesystem::path> resolve_confined(const std::filesystem::path& root,
                                               std::string_view relative);

}  // namespace drover
