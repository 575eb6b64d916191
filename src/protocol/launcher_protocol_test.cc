#include "protocol/launcher_protocol.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(LauncherProtocol, AHelloCarriesTheEnvironmentEntryByEntry) {
  std::vector<std::string> environment{"PATH=/usr/bin:/bin", "EMPTY=", "LINES=a\nb"};
  auto parsed = parse_hello(format_hello(environment));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, environment);
  EXPECT_FALSE(parse_hello(format_order({"/x", ""})).has_value());
}

TEST(LauncherProtocol, AnOrderKeepsItsFolderAndSpecWhateverTheSpecHolds) {
  LaunchOrder order{"/state/jobs/7/1", "{\"argv\":[\"a\nb\"]}\n"};
  auto parsed = parse_order(format_order(order));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->attempt_dir, order.attempt_dir);
  EXPECT_EQ(parsed->spec_text, order.spec_text);
}

TEST(LauncherProtocol, AnOrderWithoutSpecMeansReadTheFile) {
  auto parsed = parse_order(format_order({"/state/jobs/7/1", ""}));
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->spec_text.empty());
}

TEST(LauncherProtocol, AnythingElseIsNotAnOrder) {
  EXPECT_FALSE(parse_order("").ok());
  EXPECT_FALSE(parse_order("launch\n").ok());
  EXPECT_FALSE(parse_order("launch\n\nspec").ok());
  EXPECT_FALSE(parse_order("run /x\n").ok());
}

TEST(LauncherProtocol, AnswersCarryThePidAndStartTimeOrAnError) {
  auto ok = parse_answer(format_answer({4242, 987654321, ""}));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->shim_pid, 4242);
  EXPECT_EQ(ok->shim_start_ticks, 987654321u);
  EXPECT_TRUE(ok->error.empty());
  auto failed = parse_answer(format_answer({0, 0, "cannot fork: out of memory"}));
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->error, "cannot fork: out of memory");
  EXPECT_FALSE(parse_answer("ok 12").ok());
  EXPECT_FALSE(parse_answer("ok -3 5").ok());
  EXPECT_FALSE(parse_answer("hello").ok());
}

}  // namespace
}  // namespace drover
