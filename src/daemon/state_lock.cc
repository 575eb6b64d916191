#include "daemon/state_lock.h"

#include <fstream>
#include <string>

#include "os/atomic_file.h"
#include "os/file_lock.h"
#include "os/process_probe.h"

namespace drover {

Result<StateLock> StateLock::acquire(const StatePaths& paths) {
  auto lock = lock_file_exclusively(paths.lock_file());
  if (!lock && lock.error().code == ErrorCode::conflict) {
    std::string pid = "unknown";
    std::ifstream(paths.pid_file()) >> pid;
    return make_error(ErrorCode::conflict,
                      "another drover daemon (pid {}) is using state dir {}; stop it with "
                      "`drover daemon stop` or choose another --state-dir",
                      pid, paths.dir.string());
  }
  if (!lock) return lock.error();
  // Within one boot: after a reboot the lock is free whatever the file says.
  Status written = write_file_atomically(paths.pid_file(), std::to_string(current_pid()) + "\n",
                                         FileSync::within_boot);
  if (!written) return written.error();
  return StateLock(std::move(*lock), paths);
}

StateLock::~StateLock() {
  if (!m_lock.valid()) return;
  std::error_code ignored;
  std::filesystem::remove(m_paths.pid_file(), ignored);
  // Closing m_lock releases the flock.
}

}  // namespace drover
