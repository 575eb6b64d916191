// Where tests find the real drover-shim: $DROVER_SHIM (set by CTest), else
// beside the running test binary. Test-only.
#pragma once

#include <cstdlib>
#include <filesystem>

#include "os/self_executable.h"

namespace drover {

inline std::filesystem::path shim_binary_for_tests() {
  if (const char* path = std::getenv("DROVER_SHIM"); path != nullptr && *path != '\0') return path;
  auto self = self_executable();
  return self ? self->parent_path() / "drover-shim" : std::filesystem::path("drover-shim");
}

}  // namespace drover
