// What each signal does to the daemon, in one table: SIGTERM, SIGINT and
// SIGQUIT stop it, SIGHUP (`drover daemon reload`) rereads the config, and
// the signals whose default action would kill it silently (SIGUSR1, SIGUSR2,
// SIGALRM, ...) are logged and ignored; SIGPIPE is ignored (a write to a
// gone client fails with EPIPE instead). Used from the main thread only.
#pragma once

#include <string>

#include "core/result.h"
#include "os/signal_pipe.h"

namespace drover {

enum class DaemonSignalAction { stop, reload, ignore };

// What an ignored signal's log line tells the operator.
inline constexpr const char* kDaemonSignalHelp =
    "the daemon stops on SIGTERM, SIGINT or SIGQUIT and reloads its config on SIGHUP";

// The action for a signal of the table; stop for any other.
DaemonSignalAction daemon_signal_action(int signal);

// Routes every signal of the table to a SignalPipe and ignores SIGPIPE.
Result<SignalPipe> install_daemon_signals();

// " from pid 123 (kill)", " from pid 123", or "" when the kernel sent it.
std::string describe_sender(const SignalRecord& record);

}  // namespace drover
