#include "core/clock.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

// 2026-11-24T10:30:00Z
constexpr Millis kExample = 1'795'516'200'000;

TEST(Rfc3339, FormatsUtcWithMillisOnlyWhenPresent) {
  EXPECT_EQ(format_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(kExample), "2026-11-24T10:30:00Z");
  EXPECT_EQ(format_rfc3339(kExample + 7), "2026-11-24T10:30:00.007Z");
}

TEST(Rfc3339, ParsesZuluOffsetsAndFractions) {
  EXPECT_EQ(parse_rfc3339("2026-11-24T10:30:00Z"), kExample);
  EXPECT_EQ(parse_rfc3339("2026-11-24T11:30:00+01:00"), kExample);
  EXPECT_EQ(parse_rfc3339("2026-11-24T05:00:00-05:30"), kExample);
  EXPECT_EQ(parse_rfc3339("2026-11-24T10:30:00.250Z"), kExample + 250);
  EXPECT_EQ(parse_rfc3339("2026-11-24T10:30:00.5z"), kExample + 500);
  EXPECT_EQ(parse_rfc3339("2026-11-24 10:30:00Z"), kExample);
}

TEST(Rfc3339, RefusesWhatIsNotATime) {
  for (const char* text :
       {"", "yesterday", "2026-11-24", "2026-11-24T10:30:00", "2026-13-01T00:00:00Z",
        "2026-11-24T25:00:00Z", "2026-11-24T10:30:00Zjunk", "2026-11-24T10:30:00+0100"}) {
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << text;
  }
}

TEST(Rfc3339, RoundTrips) {
  for (Millis at :
       {Millis{0}, kExample, kExample + 999, Millis{951'782'400'000} /* 2000-02-29 */}) {
    EXPECT_EQ(parse_rfc3339(format_rfc3339(at)), at) << format_rfc3339(at);
  }
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(kExample);
  EXPECT_EQ(clock.now(), kExample);
  clock.advance(1500);
  EXPECT_EQ(clock.now(), kExample + 1500);
  clock.set(5);
  EXPECT_EQ(clock.now(), 5);
}

TEST(Clock, SystemClockIsAfterThisCodeWasWritten) {
  EXPECT_GT(SystemClock().now(), kExample - 400LL * 86'400'000);
}

}  // namespace
}  // namespace drover
