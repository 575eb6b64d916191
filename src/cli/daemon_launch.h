// Starting and stopping a daemon from the CLI (`drover daemon start|stop`).
// The started daemon is this same executable, `drover daemon --state-dir D`,
// in a new session (no controlling terminal, so closing the terminal does not
// reach it), stdin from /dev/null, stdout and stderr appended to daemon.log.
// POSIX calls live here because drover_cli does not link src/os.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"
#include "core/state_dir.h"

namespace drover::cli {

// Spawns the detached daemon; returns its pid. The caller should poll it with
// reap_if_exited() (os/process_probe.h) while waiting for it to answer.
Result<pid_t> spawn_daemon(const StatePaths& paths, const std::optional<std::string>& config_file);

// The pid in daemon.pid when it names a live drover process.
std::optional<pid_t> pid_from_file(const StatePaths& paths);

// Sends `signal` to the daemon; an error naming the pid when it can't.
Status signal_daemon(pid_t pid, int signal);

// Sends SIGTERM and waits up to `patience` for the process to be gone.
Status terminate_and_wait(pid_t pid, std::chrono::milliseconds patience);

// The last `lines` lines of `file` from byte `offset` on.
std::string file_tail(const std::filesystem::path& file, std::uintmax_t offset, int lines);

}  // namespace drover::cli
