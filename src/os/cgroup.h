// One cgroup v2 folder that drover made for an attempt, and what the shim
// and the daemon do with it: put the job in, limit its memory and CPU,
// signal or kill every process inside (a grandchild that called setsid
// included: a cgroup, unlike a process group, cannot be left), wait until it
// is empty and remove it.
//
// Every operation is a read or write of one file in the folder; errors name
// the file and say what to check. Not thread-safe; one owner at a time.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace drover {

class Cgroup {
 public:
  explicit Cgroup(std::filesystem::path path) : m_path(std::move(path)) {}

  // Creates the folder; one that exists already is taken as it is.
  static Result<Cgroup> create(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return m_path; }

  // Moves a process (and, later, everything it starts) into this cgroup.
  Status add_process(int pid) const;

  // Whether `controller` ("memory", "cpu") may be used here: the parent
  // enabled it in its cgroup.subtree_control.
  bool has_controller(std::string_view controller) const;

  // Writes one interface file, e.g. write_setting("memory.max", "536870912").
  Status write_setting(std::string_view file, std::string_view value) const;

  // The pids listed in cgroup.procs now.
  Result<std::vector<int>> process_ids() const;

  // Sends `signal` to every process inside (a soft stop's SIGTERM).
  Status signal_all(int signal) const;

  // SIGKILL to every process inside, including any forked meanwhile:
  // cgroup.kill where the kernel has it (5.14+), else freeze, kill each pid
  // and thaw. Returns how many processes were inside.
  Result<std::size_t> kill_all() const;

  // True while a process is inside (cgroup.events `populated 1`).
  bool populated() const;

  // Waits until no process is left, at most `limit`; false on time out.
  bool wait_until_empty(std::chrono::milliseconds limit) const;

  // Removes the (empty) folder; one already gone is not an error.
  Status remove() const;

 private:
  std::filesystem::path m_path;
};

}  // namespace drover
