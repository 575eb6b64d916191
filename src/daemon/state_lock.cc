#include "daemon/state_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace drover {

Result<StateLock> StateLock::acquire(const StatePaths& paths) {
  int fd = ::open(paths.lock_file().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return make_error(ErrorCode::io, "cannot open {}: {}", paths.lock_file().string(),
                      std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    std::string pid = "unknown";
    std::ifstream(paths.pid_file()) >> pid;
    return make_error(ErrorCode::conflict,
                      "another drover daemon (pid {}) is using state dir {}; stop it with "
                      "`drover daemon stop` or choose another --state-dir",
                      pid, paths.dir.string());
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  std::string tmp = paths.pid_file().string() + ".tmp";
  std::ofstream(tmp, std::ios::trunc) << pid;
  std::rename(tmp.c_str(), paths.pid_file().c_str());
  return StateLock(fd, paths);
}

StateLock::StateLock(StateLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_paths(std::move(other.m_paths)) {}

StateLock::~StateLock() {
  if (m_fd < 0) return;
  ::unlink(m_paths.pid_file().c_str());
  ::close(m_fd);  // releases the flock
}

}  // namespace drover
