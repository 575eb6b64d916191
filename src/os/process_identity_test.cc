#include "os/process_identity.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace drover {
namespace {

std::string stat_line_with_name(const std::string& name) {
  return "4242 (" + name +
         ") S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 200 "
         "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
}

TEST(StartTicks, ReadsField22) {
  EXPECT_EQ(parse_start_ticks(stat_line_with_name("bash")), 987654u);
}

TEST(StartTicks, SurvivesParenthesesAndSpacesInTheCommandName) {
  EXPECT_EQ(parse_start_ticks(stat_line_with_name("a) S 1 2 3 (b")), 987654u);
  EXPECT_EQ(parse_start_ticks(stat_line_with_name(") ) )")), 987654u);
}

TEST(StartTicks, RefusesTruncatedOrGarbledText) {
  EXPECT_EQ(parse_start_ticks(""), std::nullopt);
  EXPECT_EQ(parse_start_ticks("4242 (bash) S 1 2"), std::nullopt);
  EXPECT_EQ(parse_start_ticks("no parenthesis at all"), std::nullopt);
  std::string garbled = stat_line_with_name("x");
  garbled.replace(garbled.find("987654"), 6, "98x654");
  EXPECT_EQ(parse_start_ticks(garbled), std::nullopt);
}

TEST(ProcessIdentity, OurOwnProcessIsAlive) {
  auto self = identify_process(::getpid());
  ASSERT_TRUE(self.ok()) << self.error().message;
  EXPECT_FALSE(self->boot_id.empty());
  EXPECT_TRUE(is_alive(self->pid, self->start_ticks, self->boot_id));
}

TEST(ProcessIdentity, ADifferentStartTimeOrBootIsNotTheSameProcess) {
  auto self = identify_process(::getpid());
  ASSERT_TRUE(self.ok());
  EXPECT_FALSE(is_alive(self->pid, self->start_ticks + 1, self->boot_id));
  EXPECT_FALSE(is_alive(self->pid, self->start_ticks, "another-boot"));
  EXPECT_FALSE(is_alive(0, self->start_ticks, self->boot_id));
}

TEST(ProcessIdentity, MissingProcessIsNotFound) {
  auto ticks = read_start_ticks(0x3fffffff);
  ASSERT_FALSE(ticks.ok());
  EXPECT_EQ(ticks.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace drover
