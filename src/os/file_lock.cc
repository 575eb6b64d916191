#include "os/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

#include "os/system_error.h"

namespace drover {

Result<UniqueFd> lock_file_exclusively(const std::filesystem::path& path) {
  DROVER_TRY(file, open_file(path, O_RDWR | O_CREAT, 0600));
  int result;
  do {
    result = ::flock(file->get(), LOCK_EX | LOCK_NB);
  } while (result != 0 && errno == EINTR);
  if (result == 0) return file;
  if (errno == EWOULDBLOCK)
    return make_error(ErrorCode::conflict, "{} is locked by another process", path.string());
  return system_error("cannot lock " + path.string(), errno);
}

}  // namespace drover
