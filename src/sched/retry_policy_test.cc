#include "sched/retry_policy.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(RetryPolicy, BackoffDoublesWithinJitterUpToTheCapWhileRetriesLast) {
  TypeConfig type;
  type.retries = 12;
  type.backoff = 1'000;
  type.max_backoff = 30'000;
  std::mt19937_64 random(1);
  for (int failures = 1; failures <= 12; ++failures) {
    Millis base = std::min<Millis>(1'000LL << (failures - 1), 30'000);
    auto delay = retry_delay(&type, failures, random);
    ASSERT_TRUE(delay) << failures;
    EXPECT_GE(*delay, base * 3 / 4) << failures;
    EXPECT_LE(*delay, base * 5 / 4) << failures;
  }
  EXPECT_FALSE(retry_delay(&type, 13, random)) << "no retries left";
  EXPECT_FALSE(retry_delay(nullptr, 1, random)) << "a type no longer declared";
}

TEST(RetryPolicy, TheJitterSpreadsJobsThatFailedTogether) {
  TypeConfig type;
  type.retries = 1;
  type.backoff = 10'000;
  std::mt19937_64 random(2);
  std::set<Millis> delays;
  for (int job = 0; job < 20; ++job) delays.insert(*retry_delay(&type, 1, random));
  EXPECT_GT(delays.size(), 15u);
}

}  // namespace
}  // namespace drover
