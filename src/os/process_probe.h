// Asking about a process known only by its pid (the daemon's, from its pid
// file): whether it exists, whether our child ended, and signalling it.
// A bare pid can be reused: callers that must be sure check the process's
// identity too (process_identity.h).
#pragma once

#include "core/result.h"

namespace drover {

// This process's pid.
int current_pid();

// True while a process with this pid exists (ours or another user's).
bool process_exists(int pid);

// True once our child `pid` has ended, reaping it; false while it runs.
bool reap_if_exited(int pid);

// kill(2); a process that is already gone is not an error.
Status signal_process(int pid, int signal);

}  // namespace drover
