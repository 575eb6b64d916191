#include "os/signal_pipe.h"

#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(SignalPipe, ASignalBecomesARecordNamingItsSender) {
  Result<SignalPipe> signals = SignalPipe::install({SIGUSR2});
  ASSERT_TRUE(signals.ok()) << signals.error().message;
  EXPECT_FALSE(signals->read_next().has_value());
  ASSERT_EQ(::kill(::getpid(), SIGUSR2), 0);  // handled before kill() returns
  std::optional<SignalRecord> record = signals->read_next();
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->signal, SIGUSR2);
  EXPECT_EQ(record->sender_pid, ::getpid());
  EXPECT_FALSE(signals->read_next().has_value());
}

}  // namespace
}  // namespace drover
