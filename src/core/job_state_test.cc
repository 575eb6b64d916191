#include "core/job_state.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <set>
#include <utility>

namespace drover {
namespace {

using S = JobState;

constexpr std::array<JobState, 7> kAllStates{S::queued,    S::running, S::completed,  S::failed,
                                             S::cancelled, S::paused,  S::interrupted};

// The arrows of DESIGN.md's state diagram, written out independently of the
// table in job_state.cc so that a changed table fails here.
const std::set<std::pair<JobState, JobState>> kDiagram{
    {S::queued, S::running},     {S::queued, S::cancelled},   {S::queued, S::paused},
    {S::queued, S::failed},      {S::running, S::completed},  {S::running, S::failed},
    {S::running, S::cancelled},  {S::running, S::paused},     {S::running, S::interrupted},
    {S::running, S::queued},     {S::paused, S::queued},      {S::paused, S::cancelled},
    {S::paused, S::failed},      {S::interrupted, S::queued}, {S::interrupted, S::cancelled},
    {S::interrupted, S::failed}, {S::failed, S::queued},      {S::cancelled, S::queued},
    {S::queued, S::completed},  // a result served from the cache
};

TEST(JobState, CompletedCannotBecomeRunning) {
  Status status = check_transition(12, S::completed, S::running);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::conflict);
  EXPECT_EQ(status.error().message, "job 12 is completed; it cannot become running");
}

TEST(JobState, EveryPairFollowsTheDiagram) {
  for (JobState from : kAllStates) {
    for (JobState to : kAllStates) {
      bool expected = kDiagram.contains({from, to});
      EXPECT_EQ(check_transition(1, from, to).ok(), expected)
          << state_name(from) << " -> " << state_name(to);
    }
  }
}

TEST(JobState, CompletedIsTerminal) {
  for (JobState to : kAllStates) EXPECT_FALSE(check_transition(1, S::completed, to).ok());
}

TEST(JobState, NamesRoundTrip) {
  for (JobState state : kAllStates) EXPECT_EQ(parse_state(state_name(state)), state);
  EXPECT_EQ(parse_state("done"), std::nullopt);
  EXPECT_EQ(parse_state("Running"), std::nullopt);
}

TEST(JobState, FinishedAndRestartableSets) {
  std::set<JobState> finished, restartable;
  for (JobState state : kAllStates) {
    if (is_finished(state)) finished.insert(state);
    if (is_restartable(state)) restartable.insert(state);
  }
  EXPECT_EQ(finished, (std::set<JobState>{S::completed, S::failed, S::cancelled}));
  EXPECT_EQ(restartable, (std::set<JobState>{S::paused, S::interrupted, S::failed, S::cancelled}));
  // Restartable means `resume`/`retry` may queue it: the diagram must allow that.
  for (JobState state : restartable) EXPECT_TRUE(check_transition(1, state, S::queued).ok());
}

}  // namespace
}  // namespace drover
