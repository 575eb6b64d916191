#include "sched/dependency_rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace drover {
namespace {

using ::testing::HasSubstr;

TEST(DependencyRules, AJobWaitsForUnfinishedWorkAndFailsWithWorkThatDidNotComplete) {
  EXPECT_EQ(check_dependency(4, JobState::completed).verdict, DependencyVerdict::satisfied);
  for (JobState state :
       {JobState::queued, JobState::running, JobState::paused, JobState::interrupted}) {
    EXPECT_EQ(check_dependency(4, state).verdict, DependencyVerdict::wait) << state_name(state);
  }
  EXPECT_EQ(check_dependency(4, JobState::failed).error, "dependency 4 failed");
  EXPECT_EQ(check_dependency(4, JobState::cancelled).error, "dependency 4 was cancelled");
  EXPECT_EQ(check_dependency(4, std::nullopt).error, "dependency 4 was removed");
}

std::vector<SubmitRequest> batch(const std::vector<std::vector<std::size_t>>& links) {
  std::vector<SubmitRequest> requests(links.size());
  for (std::size_t i = 0; i < links.size(); ++i) requests[i].after_in_batch = links[i];
  return requests;
}

TEST(DependencyRules, ABatchMayNotPointOutsideItselfNorWaitInACycle) {
  EXPECT_TRUE(check_batch_links(batch({{}, {0}, {0, 1}})));
  EXPECT_THAT(check_batch_links(batch({{}, {5}})).error().message,
              HasSubstr("job 2: after \"@6\": the batch has 2 jobs"));
  EXPECT_THAT(check_batch_links(batch({{2}, {0}, {1}})).error().message,
              HasSubstr("in a cycle (1 → 3 → 2 → 1)"));
}

}  // namespace
}  // namespace drover
