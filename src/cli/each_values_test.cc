#include "cli/each_values.h"

#include <gtest/gtest.h>

#include <sstream>

namespace drover::cli {
namespace {

using Words = std::vector<std::string>;

TEST(EachValues, ValuesTakeThePlaceOfEveryPlaceholder) {
  EXPECT_EQ(words_for_value({"cp", "{}", "backup/{}.bak"}, "a.txt", true),
            Words({"cp", "a.txt", "backup/a.txt.bak"}));
  EXPECT_EQ(words_for_value({"url=https://x/{}", "n=3"}, "7", false),
            Words({"url=https://x/7", "n=3"}));
}

TEST(EachValues, ARunWithoutPlaceholderGetsTheValueLastAsXargsDoes) {
  EXPECT_EQ(words_for_value({"gzip", "-9"}, "f", true), Words({"gzip", "-9", "f"}));
  EXPECT_EQ(words_for_value({"n=3"}, "f", false), Words({"n=3"}));
}

TEST(EachValues, ADashReadsTheLinesOfStdinSkippingEmptyOnes) {
  std::istringstream in("one\n\ntwo\r\nthree");
  auto values = each_values({"first", "-"}, &in);
  ASSERT_TRUE(values.ok());
  EXPECT_EQ(*values, Words({"first", "one", "two", "three"}));
}

TEST(EachValues, NoValuesIsAUsageError) {
  std::istringstream empty("");
  auto values = each_values({"-"}, &empty);
  ASSERT_FALSE(values.ok());
  EXPECT_EQ(values.error().code, ErrorCode::usage);
  EXPECT_FALSE(each_values({"-"}, nullptr).ok());
}

}  // namespace
}  // namespace drover::cli
