#include "os/self_executable.h"

namespace drover {

Result<std::filesystem::path> self_executable() {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error)
    return make_error(ErrorCode::io, "cannot find this program's executable: {}", error.message());
  return self;
}

}  // namespace drover
