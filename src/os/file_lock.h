// An exclusive advisory lock on a file (flock(2)): held as long as its
// descriptor is open, and released by the kernel when the holder dies, even
// by kill -9. One daemon per state dir rests on it.
#pragma once

#include <filesystem>

#include "core/result.h"
#include "os/fd.h"

namespace drover {

// Opens (creating it 0600) and locks `path` without waiting. The error code
// is conflict when another process holds the lock.
Result<UniqueFd> lock_file_exclusively(const std::filesystem::path& path);

}  // namespace drover
