// The launcher process of a test's state dir (shim_launcher.h): finding,
// killing and outliving it. A launcher leaves by itself a minute after its
// last daemon; tests end theirs at once. Test-only.
#pragma once

#include <signal.h>

#include <charconv>
#include <filesystem>
#include <span>
#include <string>

#include "os/fd.h"
#include "os/pidfd.h"
#include "os/poll.h"
#include "protocol/launcher_protocol.h"

namespace drover {

// The pid in launcher.lock when that process is the launcher of `state_dir`
// (its command line says so: a stale pid may have been reused); else 0.
inline int launcher_pid_for_tests(const std::filesystem::path& state_dir) {
  auto text = read_file(state_dir / kLauncherLock);
  int pid = 0;
  if (!text || std::from_chars(text->data(), text->data() + text->size(), pid).ec != std::errc()) {
    return 0;
  }
  auto command = read_file("/proc/" + std::to_string(pid) + "/cmdline");
  std::string expected = std::string("--launcher") + '\0' + state_dir.string();
  return command && command->find(expected) != std::string::npos ? pid : 0;
}

// Waits until `pid` has ended (child of ours or not); true when it has.
inline bool wait_until_gone(int pid, int timeout_ms = 20'000) {
  auto pidfd = open_pidfd(pid);
  if (!pidfd) return true;  // gone already
  PollEntry entry{pidfd->get()};
  return wait_readable(std::span(&entry, 1), timeout_ms).ok() && entry.readable;
}

// Kills the launcher of `state_dir` (SIGKILL) and waits until it is gone.
inline void kill_launcher_for_tests(const std::filesystem::path& state_dir) {
  int pid = launcher_pid_for_tests(state_dir);
  if (pid <= 0) return;
  ::kill(pid, SIGKILL);
  wait_until_gone(pid);
}

}  // namespace drover
