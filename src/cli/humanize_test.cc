#include "cli/humanize.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace drover::cli {
namespace {

constexpr Millis kNow = 1'795'000'000'000;  // some moment in 2026
constexpr Millis kSec = 1000;
constexpr Millis kMin = 60 * kSec;
constexpr Millis kHour = 60 * kMin;

TEST(Humanize, JustNow) { EXPECT_EQ(humanize_relative(kNow - 2 * kSec, kNow), "just now"); }

TEST(Humanize, SecondsAgo) { EXPECT_EQ(humanize_relative(kNow - 42 * kSec, kNow), "42 s ago"); }

TEST(Humanize, MinutesAgo) { EXPECT_EQ(humanize_relative(kNow - 23 * kMin, kNow), "23 min ago"); }

TEST(Humanize, HoursAgoShowMinutesWhileFewHours) {
  EXPECT_EQ(humanize_relative(kNow - 90 * kMin, kNow), "1 h 30 min ago");
  EXPECT_EQ(humanize_relative(kNow - 14 * kHour - 5 * kMin, kNow), "14 h ago");
}

TEST(Humanize, DaysAgo) { EXPECT_EQ(humanize_relative(kNow - 72 * kHour, kNow), "3 d ago"); }

TEST(Humanize, FutureIsIn) { EXPECT_EQ(humanize_relative(kNow + 5 * kMin, kNow), "in 5 min"); }

TEST(Humanize, SpanInWholeHours) { EXPECT_EQ(humanize_span(2 * kHour), "2 h"); }

TEST(Humanize, EtaIsApproximate) {
  EXPECT_EQ(humanize_eta(900), "~15 min");
  EXPECT_EQ(humanize_eta(7200), "~2 h");
  EXPECT_EQ(humanize_eta(20), "< 1 min");
}

TEST(Humanize, SlowRateKeepsOneDecimal) { EXPECT_EQ(humanize_rate(0.1), "0.1/s"); }

TEST(Humanize, VerySlowRateKeepsTwoDecimals) { EXPECT_EQ(humanize_rate(0.023), "0.02/s"); }

TEST(Humanize, WholeRatesDropTheDecimal) {
  EXPECT_EQ(humanize_rate(2.0), "2/s");
  EXPECT_EQ(humanize_rate(2.5), "2.5/s");
  EXPECT_EQ(humanize_rate(12.3), "12/s");
}

TEST(Humanize, FastRateInThousands) {
  EXPECT_EQ(humanize_rate(1234), "1.2k/s");
  EXPECT_EQ(humanize_rate(3.4e6), "3.4M/s");
}

TEST(Humanize, StalledRateIsZero) { EXPECT_EQ(humanize_rate(0), "0/s"); }

TEST(Humanize, CountsGetThousandsSeparators) {
  EXPECT_EQ(humanize_count(0), "0");
  EXPECT_EQ(humanize_count(999), "999");
  EXPECT_EQ(humanize_count(10000), "10,000");
  EXPECT_EQ(humanize_count(1234567), "1,234,567");
  EXPECT_EQ(humanize_count(-1500), "-1,500");
}

class HumanizeInUtc : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
};

TEST_F(HumanizeInUtc, ClockTimeTodayIsHoursAndMinutes) {
  Millis at = *parse_rfc3339("2026-11-24T11:00:00Z");
  Millis now = *parse_rfc3339("2026-11-24T10:45:00Z");
  EXPECT_EQ(humanize_clock_time(at, now), "11:00");
}

TEST_F(HumanizeInUtc, ClockTimeAnotherDayNamesTheDate) {
  Millis at = *parse_rfc3339("2026-11-25T09:05:00Z");
  Millis now = *parse_rfc3339("2026-11-24T10:45:00Z");
  EXPECT_EQ(humanize_clock_time(at, now), "Nov 25 09:05");
}

}  // namespace
}  // namespace drover::cli
