#include "daemon/daemon_signals.h"

#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(DaemonSignals, OnlyTermIntAndQuitStopTheDaemonAndHupReloads) {
  for (int signal : {SIGTERM, SIGINT, SIGQUIT}) {
    EXPECT_EQ(daemon_signal_action(signal), DaemonSignalAction::stop) << signal;
  }
  EXPECT_EQ(daemon_signal_action(SIGHUP), DaemonSignalAction::reload);
  for (int signal : {SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXFSZ}) {
    EXPECT_EQ(daemon_signal_action(signal), DaemonSignalAction::ignore) << signal;
  }
}

TEST(DaemonSignals, TheSenderIsNamedByPidAndCommand) {
  EXPECT_EQ(describe_sender(SignalRecord{SIGTERM, 0}), "");
  std::string self = describe_sender(SignalRecord{SIGTERM, ::getpid()});
  EXPECT_EQ(self.rfind(" from pid " + std::to_string(::getpid()) + " (", 0), 0u) << self;
}

}  // namespace
}  // namespace drover
