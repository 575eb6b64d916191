#include "os/signals.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace drover {
namespace {

TEST(SignalNames, NamesKnownSignals) {
  EXPECT_EQ(signal_name(SIGTERM), "SIGTERM");
  EXPECT_EQ(signal_name(SIGKILL), "SIGKILL");
  EXPECT_EQ(signal_name(99), "signal 99");
}

TEST(SignalNames, ParsesNamesWithOrWithoutPrefixAndNumbers) {
  EXPECT_EQ(parse_signal("SIGTERM"), SIGTERM);
  EXPECT_EQ(parse_signal("term"), SIGTERM);
  EXPECT_EQ(parse_signal("usr1"), SIGUSR1);
  EXPECT_EQ(parse_signal("9"), SIGKILL);
}

TEST(SignalNames, RefusesNonsense) {
  EXPECT_EQ(parse_signal(""), std::nullopt);
  EXPECT_EQ(parse_signal("SIG"), std::nullopt);
  EXPECT_EQ(parse_signal("TERMINATE"), std::nullopt);
  EXPECT_EQ(parse_signal("0"), std::nullopt);
  EXPECT_EQ(parse_signal("1000"), std::nullopt);
  EXPECT_EQ(parse_signal("-9"), std::nullopt);
}

TEST(SignalGroups, RefusesToSignalEveryProcess) {
  EXPECT_FALSE(signal_process_group(0, SIGTERM).ok());
  EXPECT_FALSE(signal_process_group(1, SIGTERM).ok());
}

}  // namespace
}  // namespace drover
