// Where tests find the real drover-shim: $DROVER_SHIM (set by CTest), else
// beside the running test binary. Test-only.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace drover {

inline std::filesystem::path shim_binary_for_tests() {
  if (const char* path = std::getenv("DROVER_SHIM"); path != nullptr && *path != '\0') return path;
  return std::filesystem::read_symlink("/proc/self/exe").parent_path() / "drover-shim";
}

}  // namespace drover
