// This process's own executable, for starting another copy of it (the
// daemon from the CLI) or the binaries installed beside it (drover-shim).
#pragma once

#include <filesystem>

#include "core/result.h"

namespace drover {

// The absolute path of the running executable (/proc/self/exe).
Result<std::filesystem::path> self_executable();

}  // namespace drover
