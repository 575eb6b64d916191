#include "sched/job_pause.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

constexpr Millis kNow = 1'000'000;

TypeConfig type_with_backoff(Millis backoff, Millis max_backoff) {
  TypeConfig type;
  type.backoff = backoff;
  type.max_backoff = max_backoff;
  return type;
}

TEST(JobPause, APauseInThePastWaitsAtLeastTheBackoff) {
  PauseDecision decision =
      decide_pause(type_with_backoff(1000, 300'000), 1, kNow, kNow - 5000, "rate limited");
  ASSERT_TRUE(decision.resume_at);
  EXPECT_EQ(*decision.resume_at, kNow + 1000);
  EXPECT_FALSE(decision.failure);
}

TEST(JobPause, TheFloorDoublesWithEachPauseInARowUpToMaxBackoff) {
  TypeConfig type = type_with_backoff(1000, 5000);
  EXPECT_EQ(*decide_pause(type, 2, kNow, kNow, "r").resume_at, kNow + 2000);
  EXPECT_EQ(*decide_pause(type, 3, kNow, kNow, "r").resume_at, kNow + 4000);
  EXPECT_EQ(*decide_pause(type, 4, kNow, kNow, "r").resume_at, kNow + 5000);
  EXPECT_EQ(*decide_pause(type, 9, kNow, kNow, "r").resume_at, kNow + 5000);
}

TEST(JobPause, ALaterTimeAskedForIsKept) {
  PauseDecision decision =
      decide_pause(type_with_backoff(1000, 300'000), 3, kNow, kNow + 900'000, "r");
  EXPECT_EQ(*decision.resume_at, kNow + 900'000);
}

TEST(JobPause, TheTenthPauseInARowFailsTheJobWithTheLastReason) {
  PauseDecision decision = decide_pause(type_with_backoff(1000, 300'000), kMaxPausesWithoutProgress,
                                        kNow, kNow, "rate limited");
  EXPECT_FALSE(decision.resume_at);
  ASSERT_TRUE(decision.failure);
  EXPECT_EQ(*decision.failure,
            "paused 10 times in a row without progress; last reason: rate limited");
}

TEST(JobPause, AZeroBackoffStillGivesAFloor) {
  EXPECT_GT(*decide_pause(type_with_backoff(0, 300'000), 1, kNow, kNow, "r").resume_at, kNow);
}

}  // namespace
}  // namespace drover
