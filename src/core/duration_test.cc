#include "core/duration.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace drover {
namespace {

using ::testing::HasSubstr;

constexpr Millis kSecond = 1000;
constexpr Millis kMinute = 60 * kSecond;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;

TEST(Duration, ParsesEveryUnitAndCombinations) {
  EXPECT_EQ(*parse_duration("500ms"), 500);
  EXPECT_EQ(*parse_duration("10s"), 10 * kSecond);
  EXPECT_EQ(*parse_duration("10m"), 10 * kMinute);
  EXPECT_EQ(*parse_duration("5min"), 5 * kMinute);
  EXPECT_EQ(*parse_duration("2h"), 2 * kHour);
  EXPECT_EQ(*parse_duration("7d"), 7 * kDay);
  EXPECT_EQ(*parse_duration("1w"), 7 * kDay);
  EXPECT_EQ(*parse_duration("1h30m"), kHour + 30 * kMinute);
  EXPECT_EQ(*parse_duration("0s"), 0);
}

TEST(Duration, BareNumberRefusedBecauseTheUnitIsAmbiguous) {
  Result<Millis> bare = parse_duration("10");
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().code, ErrorCode::invalid);
  EXPECT_THAT(bare.error().message, HasSubstr("a unit is missing"));
}

TEST(Duration, MalformedTextRefusedWithTheReason) {
  EXPECT_THAT(parse_duration("").error().message, HasSubstr("it is empty"));
  EXPECT_THAT(parse_duration("10y").error().message, HasSubstr("unknown unit \"y\""));
  EXPECT_THAT(parse_duration("2 hours").error().message, HasSubstr("invalid duration \"2 hours\""));
  EXPECT_FALSE(parse_duration("-5s").ok());
  EXPECT_FALSE(parse_duration("h").ok());
  EXPECT_FALSE(parse_duration("1.5h").ok());
}

TEST(Duration, HugeValuesRefusedRatherThanOverflowing) {
  EXPECT_THAT(parse_duration("99999999999999999w").error().message, HasSubstr("too large"));
  EXPECT_FALSE(parse_duration("999999999999999999999999s").ok());
}

TEST(Duration, FormatReadsBackToTheSameValue) {
  for (Millis value :
       {Millis{0}, Millis{1}, Millis{999}, kSecond, 90 * kSecond, kHour + 30 * kMinute,
        kDay + kHour + kMinute + kSecond, 7 * kDay, 1500 * kDay, kHour + 1}) {
    Result<Millis> back = parse_duration(format_duration(value));
    ASSERT_TRUE(back.ok()) << format_duration(value) << ": " << back.error().message;
    EXPECT_EQ(*back, value) << format_duration(value);
  }
}

TEST(Duration, FormatUsesTheLargestUnits) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(250), "250ms");
  EXPECT_EQ(format_duration(90 * kSecond), "1m30s");
  EXPECT_EQ(format_duration(kHour + 30 * kMinute), "1h30m");
  EXPECT_EQ(format_duration(2 * kDay), "2d");
}

TEST(Size, ParsesDecimalAndBinaryUnits) {
  EXPECT_EQ(*parse_size("4096"), 4096u);
  EXPECT_EQ(*parse_size("512B"), 512u);
  EXPECT_EQ(*parse_size("1KB"), 1000u);
  EXPECT_EQ(*parse_size("1KiB"), 1024u);
  EXPECT_EQ(*parse_size("50MiB"), 50ull * 1024 * 1024);
  EXPECT_EQ(*parse_size("1GB"), 1'000'000'000u);
  EXPECT_EQ(*parse_size("2GiB"), 2ull * 1024 * 1024 * 1024);
}

TEST(Size, MalformedTextRefused) {
  for (const char* text : {"", "MiB", "50 MiB", "50mib", "1.5GiB", "-1", "10XB"}) {
    Result<std::uint64_t> size = parse_size(text);
    EXPECT_FALSE(size.ok()) << text;
    if (!size.ok()) {
      EXPECT_THAT(size.error().message, HasSubstr("invalid size")) << text;
    }
  }
  EXPECT_THAT(parse_size("99999999999TiB").error().message, HasSubstr("too large"));
}

TEST(Size, FormatReadsBackWhenExact) {
  for (std::uint64_t value : {0ull, 1ull, 1023ull, 1024ull, 50ull << 20, 3ull << 30}) {
    Result<std::uint64_t> back = parse_size(format_size(value));
    ASSERT_TRUE(back.ok()) << format_size(value);
    EXPECT_EQ(*back, value) << format_size(value);
  }
  EXPECT_EQ(format_size(1536), "1.5KiB");
  EXPECT_EQ(format_size(50ull << 20), "50MiB");
}

TEST(Age, RoundsToTheLargestUnit) {
  EXPECT_EQ(format_age(0, 3'000), "just now");
  EXPECT_EQ(format_age(0, 45'000), "45 s ago");
  EXPECT_EQ(format_age(0, 5 * 60'000 + 59'000), "5 min ago");
  EXPECT_EQ(format_age(0, 2 * 3'600'000 + 1), "2 h ago");
  EXPECT_EQ(format_age(0, 3 * 86'400'000), "3 d ago");
}

}  // namespace

}  // namespace drover
