#include "sched/chain_runner.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

ChainRun two_phases() {
  ChainSpec spec;
  spec.name = "release";
  spec.phases = {{"build", Json::object(), 3.0}, {"upload", Json::object(), 1.0}};
  ChainRun chain = start_chain_run(spec);
  chain.phases[0].job = 11;
  return chain;
}

PhaseUpdate update(JobId child, JobState state, double percentage = 0) {
  PhaseUpdate news;
  news.parent = 10;
  news.child = child;
  news.state = state;
  news.percentage = percentage;
  news.reason = "exit code 2";
  return news;
}

TEST(ChainRunner, TheParentFollowsItsCurrentPhaseAndIgnoresAnEarlierPhasesNews) {
  ChainRun chain = two_phases();
  ChainMove running =
      follow_phase_update(chain, 10, JobState::queued, update(11, JobState::running, 40));
  EXPECT_EQ(running.step, ChainStep::follow);
  EXPECT_EQ(running.state, JobState::running);
  EXPECT_EQ(running.reason, "phase 1 (build) running");
  EXPECT_EQ(chain.phases[0].percentage, 40);
  EXPECT_EQ(follow_phase_update(chain, 10, JobState::running, update(99, JobState::failed)).step,
            ChainStep::ignore);
}

TEST(ChainRunner, ACompletedPhaseStartsTheNextAndTheLastCompletesTheChain) {
  ChainRun chain = two_phases();
  EXPECT_EQ(follow_phase_update(chain, 10, JobState::running, update(11, JobState::completed)).step,
            ChainStep::phase_completed);
  EXPECT_TRUE(complete_current_phase(chain, Json{{"size", 3}}));
  EXPECT_EQ(phase_label(chain), "phase 2 (upload)");
  chain.phases[1].job = 12;
  follow_phase_update(chain, 10, JobState::running, update(12, JobState::completed));
  EXPECT_FALSE(complete_current_phase(chain, std::nullopt));
  EXPECT_EQ(phase_results(chain), (Json{{"phases", {{{"size", 3}}, nullptr}}}));
}

TEST(ChainRunner, AFailedPhaseFailsTheChainNamingThePhase) {
  ChainRun chain = two_phases();
  ChainMove failed =
      follow_phase_update(chain, 10, JobState::running, update(11, JobState::failed));
  EXPECT_EQ(failed.step, ChainStep::fail);
  EXPECT_EQ(failed.reason, "phase 1 (build) failed: exit code 2");
}

TEST(ChainRunner, TheChainsBarIsWeightedAndNeverMovesBack) {
  ChainRun chain = two_phases();
  Progress progress;
  follow_phase_update(chain, 10, JobState::running, update(11, JobState::running, 50));
  update_chain_progress(progress, chain, "file 3", 60'000);
  EXPECT_DOUBLE_EQ(*progress.weighted_percentage, 37.5);  // 50% of 3/4
  EXPECT_EQ(progress.item, "phase 1 (build): file 3");
  // A resumed phase reports again from its checkpoint: lower, but the bar holds.
  follow_phase_update(chain, 10, JobState::running, update(11, JobState::running, 20));
  update_chain_progress(progress, chain, "", 70'000);
  EXPECT_DOUBLE_EQ(*progress.weighted_percentage, 37.5);
}

}  // namespace
}  // namespace drover
