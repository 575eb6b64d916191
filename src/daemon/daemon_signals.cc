#include "daemon/daemon_signals.h"

#include <signal.h>

#include <array>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "os/signals.h"

namespace drover {
namespace {

struct DaemonSignal {
  int signal;
  DaemonSignalAction action;
};

// Every catchable signal whose default action ends the process, except the
// ones a fault raises (SIGSEGV, SIGBUS, ...: those must crash and dump).
constexpr std::array<DaemonSignal, 14> kDaemonSignals{{
    {SIGTERM, DaemonSignalAction::stop},
    {SIGINT, DaemonSignalAction::stop},
    {SIGQUIT, DaemonSignalAction::stop},
    {SIGHUP, DaemonSignalAction::reload},
    {SIGUSR1, DaemonSignalAction::ignore},
    {SIGUSR2, DaemonSignalAction::ignore},
    {SIGALRM, DaemonSignalAction::ignore},
    {SIGVTALRM, DaemonSignalAction::ignore},
    {SIGPROF, DaemonSignalAction::ignore},
    {SIGIO, DaemonSignalAction::ignore},
    {SIGPWR, DaemonSignalAction::ignore},
    {SIGSTKFLT, DaemonSignalAction::ignore},
    {SIGXCPU, DaemonSignalAction::ignore},
    // A write past RLIMIT_FSIZE then fails with EFBIG and is reported.
    {SIGXFSZ, DaemonSignalAction::ignore},
}};

// The sender's command name, for the log; empty when it is already gone.
std::string command_name(int pid) {
  std::string name;
  std::getline(std::ifstream(fmt::format("/proc/{}/comm", pid)), name);
  return name;
}

}  // namespace

DaemonSignalAction daemon_signal_action(int signal) {
  for (const DaemonSignal& entry : kDaemonSignals) {
    if (entry.signal == signal) return entry.action;
  }
  return DaemonSignalAction::stop;
}

Result<SignalPipe> install_daemon_signals() {
  DROVER_RETURN_IF_ERROR(ignore_signals({SIGPIPE}));
  std::vector<int> signals;
  for (const DaemonSignal& entry : kDaemonSignals) signals.push_back(entry.signal);
  return SignalPipe::install(signals);
}

std::string describe_sender(const SignalRecord& record) {
  if (record.sender_pid <= 0) return "";
  std::string name = command_name(record.sender_pid);
  if (name.empty()) return fmt::format(" from pid {}", record.sender_pid);
  return fmt::format(" from pid {} ({})", record.sender_pid, name);
}

}  // namespace drover
