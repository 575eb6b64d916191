#include "core/cron.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace drover {
namespace {

// The next firing of `expression` strictly after `from`, as RFC 3339, or
// "never"; keeps each expectation on one readable line.
std::string next(std::string_view expression, const std::string& from) {
  Result<CronExpression> cron = CronExpression::parse(expression);
  if (!cron) return "parse error: " + cron.error().message;
  std::optional<Millis> start = parse_rfc3339(from);
  if (!start) return "bad test time: " + from;
  std::optional<Millis> at = cron->next_after(*start);
  return at ? format_rfc3339(*at) : "never";
}

// The first `count` firings after `from`.
std::vector<std::string> firings(std::string_view expression, const std::string& from, int count) {
  Result<CronExpression> cron = CronExpression::parse(expression);
  EXPECT_TRUE(cron.ok()) << cron.error().message;
  std::vector<std::string> out;
  if (!cron) return out;
  Millis at = *parse_rfc3339(from);
  for (int i = 0; i < count; ++i) {
    std::optional<Millis> found = cron->next_after(at);
    if (!found) break;
    out.push_back(format_rfc3339(*found));
    at = *found;
  }
  return out;
}

std::string error_of(std::string_view expression) {
  Result<CronExpression> cron = CronExpression::parse(expression);
  if (cron) return "parsed";
  EXPECT_EQ(cron.error().code, ErrorCode::invalid);
  return cron.error().message;
}

// 2026-03-02 is a Monday.
const std::string kMonday = "2026-03-02T10:07:00Z";

TEST(Cron, EveryMinuteFiresStrictlyAfterAndOnWholeMinutes) {
  EXPECT_EQ(next("* * * * *", "2026-03-02T10:07:00Z"), "2026-03-02T10:08:00Z");
  EXPECT_EQ(next("* * * * *", "2026-03-02T10:07:59.999Z"), "2026-03-02T10:08:00Z");
  EXPECT_EQ(next("* * * * *", "2026-03-02T10:07:00.001Z"), "2026-03-02T10:08:00Z");
}

TEST(Cron, ExactMatchIsNotReturnedAgain) {
  EXPECT_EQ(next("30 10 * * *", "2026-03-02T10:30:00Z"), "2026-03-03T10:30:00Z");
}

TEST(Cron, NumbersListsAndRanges) {
  EXPECT_EQ(next("5 * * * *", kMonday), "2026-03-02T11:05:00Z");
  EXPECT_THAT(firings("0 1,3,5 * * *", kMonday, 4),
              ::testing::ElementsAre("2026-03-03T01:00:00Z", "2026-03-03T03:00:00Z",
                                     "2026-03-03T05:00:00Z", "2026-03-04T01:00:00Z"));
  EXPECT_THAT(firings("0 9-11 * * *", kMonday, 3),
              ::testing::ElementsAre("2026-03-02T11:00:00Z", "2026-03-03T09:00:00Z",
                                     "2026-03-03T10:00:00Z"));
  EXPECT_THAT(firings("0 0 1-2,15 * *", kMonday, 3),
              ::testing::ElementsAre("2026-03-15T00:00:00Z", "2026-04-01T00:00:00Z",
                                     "2026-04-02T00:00:00Z"));
}

TEST(Cron, StarStepEveryFifteenMinutes) {
  EXPECT_THAT(
      firings("*/15 * * * *", "2026-03-02T10:07:00Z", 5),
      ::testing::ElementsAre("2026-03-02T10:15:00Z", "2026-03-02T10:30:00Z", "2026-03-02T10:45:00Z",
                             "2026-03-02T11:00:00Z", "2026-03-02T11:15:00Z"));
}

TEST(Cron, RangeStepAndStartStep) {
  EXPECT_THAT(firings("10-50/20 * * * *", "2026-03-02T10:07:00Z", 4),
              ::testing::ElementsAre("2026-03-02T10:10:00Z", "2026-03-02T10:30:00Z",
                                     "2026-03-02T10:50:00Z", "2026-03-02T11:10:00Z"));
  EXPECT_EQ(next("10-50/5 * * * *", "2026-03-02T10:47:00Z"), "2026-03-02T10:50:00Z");
  EXPECT_EQ(next("10-50/5 * * * *", "2026-03-02T10:50:00Z"), "2026-03-02T11:10:00Z");
  // "40/10" runs from 40 to the end of the hour.
  EXPECT_THAT(firings("40/10 * * * *", "2026-03-02T10:07:00Z", 3),
              ::testing::ElementsAre("2026-03-02T10:40:00Z", "2026-03-02T10:50:00Z",
                                     "2026-03-02T11:40:00Z"));
}

TEST(Cron, MonthNamesAnyCase) {
  EXPECT_EQ(next("0 0 1 jun *", kMonday), "2026-06-01T00:00:00Z");
  EXPECT_EQ(next("0 0 1 Jun-AUG *", "2026-07-15T00:00:00Z"), "2026-08-01T00:00:00Z");
  EXPECT_EQ(next("0 0 1 JAN,dec *", kMonday), "2026-12-01T00:00:00Z");
}

TEST(Cron, DayNamesAnyCase) {
  EXPECT_EQ(next("0 9 * * fri", kMonday), "2026-03-06T09:00:00Z");
  EXPECT_THAT(firings("0 9 * * MON-Fri", "2026-03-06T12:00:00Z", 2),
              ::testing::ElementsAre("2026-03-09T09:00:00Z", "2026-03-10T09:00:00Z"));
}

TEST(Cron, SundayIsBothZeroAndSeven) {
  EXPECT_EQ(next("0 0 * * 0", kMonday), "2026-03-08T00:00:00Z");
  EXPECT_EQ(next("0 0 * * 7", kMonday), "2026-03-08T00:00:00Z");
  EXPECT_EQ(next("0 0 * * SUN", kMonday), "2026-03-08T00:00:00Z");
  EXPECT_THAT(firings("0 0 * * 6-7", kMonday, 3),
              ::testing::ElementsAre("2026-03-07T00:00:00Z", "2026-03-08T00:00:00Z",
                                     "2026-03-14T00:00:00Z"));
}

TEST(Cron, DayOfMonthOrDayOfWeekWhenBothRestricted) {
  // The 13th, and every Friday: Fri Mar 6, Fri Mar 13, Fri Mar 20.
  EXPECT_THAT(firings("0 0 13 * FRI", kMonday, 3),
              ::testing::ElementsAre("2026-03-06T00:00:00Z", "2026-03-13T00:00:00Z",
                                     "2026-03-20T00:00:00Z"));
  // Apr 13 2026 is a Monday: matched by day-of-month alone.
  EXPECT_EQ(next("0 0 13 * FRI", "2026-04-11T00:00:00Z"), "2026-04-13T00:00:00Z");
}

TEST(Cron, StarredFieldDoesNotTriggerTheOrRule) {
  // Day-of-week is `*`: only the 13th.
  EXPECT_EQ(next("0 0 13 * *", kMonday), "2026-03-13T00:00:00Z");
  // Day-of-month is `*`: only Fridays.
  EXPECT_EQ(next("0 0 * * FRI", "2026-03-07T00:00:00Z"), "2026-03-13T00:00:00Z");
  // `*/2` starts with `*`, so as in Vixie cron both must match: odd days that are Mondays.
  EXPECT_EQ(next("0 0 */2 * MON", kMonday), "2026-03-09T00:00:00Z");
}

TEST(Cron, LeapDayWaitsForTheNextLeapYear) {
  EXPECT_EQ(next("0 0 29 2 *", "2026-01-01T00:00:00Z"), "2028-02-29T00:00:00Z");
  // 2100 is not a leap year: eight years to wait.
  EXPECT_EQ(next("0 0 29 2 *", "2096-03-01T00:00:00Z"), "2104-02-29T00:00:00Z");
}

TEST(Cron, LastMinuteOfTheYearRollsOver) {
  EXPECT_EQ(next("* * * * *", "2026-12-31T23:59:00Z"), "2027-01-01T00:00:00Z");
  EXPECT_EQ(next("59 23 31 12 *", "2026-12-31T23:58:00Z"), "2026-12-31T23:59:00Z");
  EXPECT_EQ(next("59 23 31 12 *", "2026-12-31T23:59:00Z"), "2027-12-31T23:59:00Z");
  EXPECT_EQ(next("0 0 1 1 *", "2026-12-31T23:59:30Z"), "2027-01-01T00:00:00Z");
}

TEST(Cron, MonthEndsAreRespected) {
  EXPECT_EQ(next("0 0 31 * *", "2026-04-01T00:00:00Z"), "2026-05-31T00:00:00Z");
  EXPECT_EQ(next("0 12 30 * *", "2026-01-30T12:00:00Z"), "2026-03-30T12:00:00Z");
}

TEST(Cron, ImpossibleDateIsNever) {
  EXPECT_EQ(next("0 0 30 2 *", kMonday), "never");
  EXPECT_EQ(next("0 0 31 4,6,9,11 *", kMonday), "never");
}

TEST(Cron, TimesBeforeTheEpoch) {
  EXPECT_EQ(next("0 0 1 1 *", "1969-06-01T12:00:30Z"), "1970-01-01T00:00:00Z");
  Result<CronExpression> cron = CronExpression::parse("* * * * *");
  ASSERT_TRUE(cron.ok());
  EXPECT_EQ(cron->next_after(-1), 0);
  EXPECT_EQ(cron->next_after(-60'001), -60'000);
}

TEST(Cron, ExtremeTimesGiveNeverInsteadOfOverflowing) {
  Result<CronExpression> cron = CronExpression::parse("* * * * *");
  ASSERT_TRUE(cron.ok());
  EXPECT_EQ(cron->next_after(std::numeric_limits<Millis>::max()), std::nullopt);
  EXPECT_TRUE(cron->next_after(std::numeric_limits<Millis>::min()).has_value());
}

TEST(Cron, NicknamesMatchTheirExpansions) {
  EXPECT_EQ(next("@yearly", kMonday), "2027-01-01T00:00:00Z");
  EXPECT_EQ(next("@annually", kMonday), "2027-01-01T00:00:00Z");
  EXPECT_EQ(next("@monthly", kMonday), "2026-04-01T00:00:00Z");
  EXPECT_EQ(next("@weekly", kMonday), "2026-03-08T00:00:00Z");
  EXPECT_EQ(next("@daily", kMonday), "2026-03-03T00:00:00Z");
  EXPECT_EQ(next("@midnight", kMonday), "2026-03-03T00:00:00Z");
  EXPECT_EQ(next("@hourly", kMonday), "2026-03-02T11:00:00Z");
  EXPECT_EQ(next("@Daily", kMonday), "2026-03-03T00:00:00Z");
}

TEST(Cron, TextIsKeptAsWrittenWithoutSurroundingSpace) {
  Result<CronExpression> cron = CronExpression::parse("  */5  9-17 * * MON-FRI ");
  ASSERT_TRUE(cron.ok()) << cron.error().message;
  EXPECT_EQ(cron->text(), "*/5  9-17 * * MON-FRI");
  EXPECT_EQ(CronExpression::parse("@hourly")->text(), "@hourly");
}

TEST(Cron, ErrorsNameTheFieldAndWhatIsExpected) {
  EXPECT_EQ(error_of("0 25 * * *"), "cron \"0 25 * * *\": hour must be 0-23, got 25");
  EXPECT_EQ(error_of("60 * * * *"), "cron \"60 * * * *\": minute must be 0-59, got 60");
  EXPECT_EQ(error_of("0 0 0 * *"), "cron \"0 0 0 * *\": day-of-month must be 1-31, got 0");
  EXPECT_EQ(error_of("0 0 * 13 *"), "cron \"0 0 * 13 *\": month must be 1-12, got 13");
  EXPECT_EQ(error_of("0 0 * * 8"), "cron \"0 0 * * 8\": day-of-week must be 0-7, got 8");
  EXPECT_EQ(error_of("* * *"),
            "cron \"* * *\": expected 5 fields (minute hour day month weekday) or @daily-style, "
            "got 3");
  EXPECT_EQ(error_of(""),
            "cron \"\": expected 5 fields (minute hour day month weekday) or @daily-style, got 0");
  EXPECT_EQ(error_of("* * * * * *"),
            "cron \"* * * * * *\": expected 5 fields (minute hour day month weekday) or "
            "@daily-style, got 6");
}

TEST(Cron, ErrorsForStepsRangesAndNames) {
  EXPECT_EQ(error_of("*/0 * * * *"), "cron \"*/0 * * * *\": minute step must be 1-59, got \"0\"");
  EXPECT_EQ(error_of("*/x * * * *"), "cron \"*/x * * * *\": minute step must be 1-59, got \"x\"");
  EXPECT_EQ(error_of("* */ * * *"), "cron \"* */ * * *\": hour step must be 1-23, got \"\"");
  EXPECT_EQ(error_of("5-1 * * * *"),
            "cron \"5-1 * * * *\": minute range 5-1 is reversed, write the low end first");
  EXPECT_EQ(error_of("0 0 * * FRI-MON"),
            "cron \"0 0 * * FRI-MON\": day-of-week range FRI-MON is reversed, write the low end "
            "first");
  EXPECT_EQ(error_of("0 0 * * FOO"),
            "cron \"0 0 * * FOO\": day-of-week has unknown name \"FOO\", expected SUN-SAT or 0-7");
  EXPECT_EQ(error_of("0 0 * FOO *"),
            "cron \"0 0 * FOO *\": month has unknown name \"FOO\", expected JAN-DEC or 1-12");
  EXPECT_EQ(error_of("0 0 * * JAN"),
            "cron \"0 0 * * JAN\": day-of-week has unknown name \"JAN\", expected SUN-SAT or 0-7");
  EXPECT_EQ(error_of("0 MON * * *"),
            "cron \"0 MON * * *\": hour must be a number 0-23, got \"MON\"");
  EXPECT_EQ(error_of("1x * * * *"),
            "cron \"1x * * * *\": minute must be a number 0-59, got \"1x\"");
  EXPECT_EQ(error_of("-1 * * * *"),
            "cron \"-1 * * * *\": minute range \"-1\" needs a number on both sides");
  EXPECT_EQ(error_of("0 0 * * MON-"),
            "cron \"0 0 * * MON-\": day-of-week range \"MON-\" needs a number on both sides");
  EXPECT_EQ(error_of("1,,2 * * * *"), "cron \"1,,2 * * * *\": minute has an empty list item");
  EXPECT_EQ(error_of("99999999999 * * * *"),
            "cron \"99999999999 * * * *\": minute must be a number 0-59, got \"99999999999\"");
  EXPECT_EQ(error_of("@reboot"),
            "cron \"@reboot\": unknown nickname, expected @yearly, @annually, @monthly, @weekly, "
            "@daily, @midnight or @hourly");
}

}  // namespace
}  // namespace drover
