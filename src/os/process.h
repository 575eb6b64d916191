// Starting processes and learning how they ended.
//
// spawn_process uses posix_spawn (vfork-like, no copy of the parent's
// memory and safe with threads and open SQLite handles). The child gets
// exactly stdin/stdout/stderr as asked and no other descriptor, an empty
// signal mask and default signal actions: nothing the parent ignored or
// blocked leaks into a shim or a job.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace drover {

struct SpawnOptions {
  std::vector<std::string> argv;                // argv[0] is looked up in PATH when it has no '/'
  std::optional<std::vector<std::string>> env;  // "NAME=value"; nullopt: inherit ours
  std::filesystem::path cwd;                    // empty: inherit ours
  int stdin_fd = -1;                            // -1: /dev/null
  int stdout_fd = -1;                           // -1: /dev/null
  int stderr_fd = -1;                           // -1: /dev/null
  bool new_session = false;                     // setsid(): no controlling terminal, own group
  bool new_process_group = false;               // setpgid(0, 0); implied by new_session
};

// Starts the process; its pid, or an error such as
// "cannot start `gti`: No such file or directory".
Result<int> spawn_process(const SpawnOptions& options);

// How a process ended: exactly one of the two is set.
struct ExitStatus {
  std::optional<int> exit_code;
  std::optional<int> signal;

  // "exit code 3", "killed by SIGKILL".
  std::string describe() const;
};

// Decodes a status from waitpid(2).
ExitStatus decode_wait_status(int status);

// Waits (blocking) for a child to end and reaps it.
Result<ExitStatus> wait_for_exit(int pid);

// How a child ended, without reaping it; nullopt while it runs.
std::optional<ExitStatus> peek_exit(int pid);

}  // namespace drover
