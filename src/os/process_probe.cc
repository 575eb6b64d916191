#include "os/process_probe.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "os/signals.h"
#include "os/system_error.h"

namespace drover {

int current_pid() { return static_cast<int>(::getpid()); }

bool process_exists(int pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

bool reap_if_exited(int pid) {
  int status = 0;
  pid_t reaped;
  do {
    reaped = ::waitpid(pid, &status, WNOHANG);
  } while (reaped < 0 && errno == EINTR);
  return reaped == pid;
}

Status signal_process(int pid, int signal) {
  if (::kill(pid, signal) != 0 && errno != ESRCH) {
    return system_error(fmt::format("cannot send {} to process {}", signal_name(signal), pid),
                        errno);
  }
  return {};
}

}  // namespace drover
