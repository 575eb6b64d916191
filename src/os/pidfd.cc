#include "os/pidfd.h"

#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "os/signals.h"
#include "os/system_error.h"

namespace drover {

Result<UniqueFd> open_pidfd(int pid) {
  // PIDFD_NONBLOCK is not wanted: waits go through poll/Asio; the fd is
  // close-on-exec by default.
  long fd = ::syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) return system_error(fmt::format("cannot watch process {}", pid), errno);
  return UniqueFd(static_cast<int>(fd));
}

Status signal_via_pidfd(int pidfd, int signal) {
  if (::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0) != 0) {
    return system_error(fmt::format("cannot send {}", signal_name(signal)), errno);
  }
  return {};
}

std::optional<ExitStatus> reap_via_pidfd(int pidfd) {
  siginfo_t info{};
  for (;;) {
    int waited = ::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd), &info,
                          WEXITED | WNOHANG);
    if (waited == 0) break;
    if (errno != EINTR) return std::nullopt;  // ECHILD: not our child
  }
  if (info.si_pid == 0) return std::nullopt;  // still running
  ExitStatus exit;
  if (info.si_code == CLD_EXITED) {
    exit.exit_code = info.si_status;
  } else {
    exit.signal = info.si_status;
  }
  return exit;
}

}  // namespace drover
