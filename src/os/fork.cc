#include "os/fork.h"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "os/system_error.h"

namespace drover {
namespace {

constexpr int kKeptFd = 3;

Status reset_signals() {
  sigset_t empty;
  sigemptyset(&empty);
  if (::sigprocmask(SIG_SETMASK, &empty, nullptr) != 0) {
    return system_error("cannot reset the signal mask", errno);
  }
  for (int signal = 1; signal < NSIG; ++signal) {
    if (signal == SIGKILL || signal == SIGSTOP) continue;
    ::signal(signal, SIG_DFL);  // fails only for numbers that are not signals
  }
  return {};
}

Status move_descriptor(int from, int to) {
  if (from == to) return {};
  int result;
  do {
    result = ::dup2(from, to);
  } while (result < 0 && errno == EINTR);
  if (result < 0) return system_error("cannot move a descriptor", errno);
  return {};
}

}  // namespace

Result<int> fork_process() {
  pid_t pid = ::fork();
  if (pid < 0) return system_error("cannot fork", errno);
  return static_cast<int>(pid);
}

Result<int> detach_forked_child(const std::filesystem::path& cwd, int output_fd, int keep_fd) {
  if (::setsid() < 0) return system_error("cannot start a new session", errno);
  DROVER_RETURN_IF_ERROR(reset_signals());
  if (output_fd >= 0) {
    DROVER_RETURN_IF_ERROR(move_descriptor(output_fd, STDOUT_FILENO));
    DROVER_RETURN_IF_ERROR(move_descriptor(output_fd, STDERR_FILENO));
  }
  int first_closed = kKeptFd;
  if (keep_fd >= 0) {
    // dup2 clears close-on-exec on the copy; the shim's jobs are spawned
    // with every descriptor above 2 closed anyway (process.h).
    DROVER_RETURN_IF_ERROR(move_descriptor(keep_fd, kKeptFd));
    first_closed = kKeptFd + 1;
  }
  if (::syscall(SYS_close_range, first_closed, ~0U, 0) != 0) {
    return system_error("cannot close inherited descriptors", errno);
  }
  if (::chdir(cwd.c_str()) != 0) return system_error("cannot enter " + cwd.string(), errno);
  return keep_fd >= 0 ? kKeptFd : -1;
}

int reap_ended_children() {
  int reaped = 0;
  for (;;) {
    int status = 0;
    pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      ++reaped;
      continue;
    }
    if (pid < 0 && errno == EINTR) continue;
    return reaped;  // 0: some still run; -1 ECHILD: none left
  }
}

}  // namespace drover
