// StateLock: one daemon per state dir. Holds an flock on daemon.lock for the
// daemon's lifetime (released by the kernel even after kill -9) and writes
// the pid file; a second daemon is refused with the first one's PID.
#pragma once

#include "core/result.h"
#include "core/state_dir.h"
#include "os/fd.h"

namespace drover {

class StateLock {
 public:
  static Result<StateLock> acquire(const StatePaths& paths);
  StateLock(StateLock&& other) noexcept = default;
  StateLock& operator=(StateLock&&) = delete;
  ~StateLock();

 private:
  StateLock(UniqueFd lock, StatePaths paths) : m_lock(std::move(lock)), m_paths(std::move(paths)) {}
  UniqueFd m_lock;
  StatePaths m_paths;
};

}  // namespace drover
