// pidfds: a descriptor that names one process for as long as it exists, so
// signals and waits can never hit a recycled PID. Readable (poll, Asio
// async_wait) once the process has ended.
#pragma once

#include <optional>

#include "core/result.h"
#include "os/fd.h"
#include "os/process.h"

namespace drover {

// pidfd_open(2); not_found when the process no longer exists.
Result<UniqueFd> open_pidfd(int pid);

// pidfd_send_signal(2); not_found when the process has already ended.
Status signal_via_pidfd(int pidfd, int signal);

// Reaps the process behind `pidfd` when it is our child and has ended
// (waitid P_PIDFD, WNOHANG). nullopt when it is still running or is not our
// child (then its own parent reaps it).
std::optional<ExitStatus> reap_via_pidfd(int pidfd);

}  // namespace drover
