// What the engine does about other nodes (engine_nodes.cc): it ends the
// attempts of a node it declared lost and runs their jobs here from their
// checkpoints; declared lost itself, it stops the attempts the store shows
// ended elsewhere and refuses their late exits. The other node is played
// by writes to the shared store.
#include <gtest/gtest.h>

#include "sched/engine_harness.h"

namespace drover {
namespace {

constexpr const char* kConfig = R"(
[queues.default]
parallel = 2
[types.steps]
command = ["true"]
retries = 1
[types.once]
command = ["true"]
)";

class EngineNodes : public ::testing::Test {
 protected:
  // A job of `type` that node `node` runs, as that node stored it.
  JobId running_elsewhere(const std::string& type, const std::string& node) {
    Job job;
    job.id = h.store().next_job_id();
    job.type = type;
    job.queue = "default";
    job.state = JobState::running;
    job.created_at = h.clock().now();
    job.started_at = h.clock().now();
    job.checkpoint = Checkpoint{Json{{"done", 3}}, h.clock().now()};
    Attempt attempt;
    attempt.n = 1;
    attempt.token = "token-of-" + node;
    attempt.node = node;
    attempt.started_at = h.clock().now();
    job.attempts.push_back(attempt);
    commit(job);
    return job.id;
  }

  void commit(const Job& job) {
    WriteBatch batch;
    batch.jobs.push_back(job);
    for (const Attempt& attempt : job.attempts) batch.attempts.emplace_back(job.id, attempt);
    ASSERT_TRUE(h.store().commit(batch, Durability::full).ok());
  }

  EngineHarness h{kConfig};
};

TEST_F(EngineNodes, ALostNodesAttemptsEndAndTheirJobsRetryHereFromTheirCheckpoints) {
  JobId steps = running_elsewhere("steps", "other");
  JobId once = running_elsewhere("once", "other");
  JobId elsewhere = running_elsewhere("once", "third");
  h.engine().end_attempts_of_lost_node("other");
  h.advance(10'000);  // past the retry's backoff
  Job retried = h.job(steps);
  ASSERT_EQ(retried.attempts.size(), 2u);
  EXPECT_TRUE(retried.attempts[0].ended_at.has_value());
  EXPECT_EQ(retried.attempts[1].node, "test-node");
  ASSERT_FALSE(h.launched().empty());
  EXPECT_EQ(h.launched().back().job_id, steps);
  EXPECT_EQ(h.launched().back().checkpoint, (Json{{"done", 3}}));
  // No retries left: interrupted, resumable from its checkpoint.
  Job interrupted = h.job(once);
  EXPECT_EQ(interrupted.state, JobState::interrupted);
  EXPECT_NE(interrupted.state_reason.find("its node other was lost"), std::string::npos);
  EXPECT_EQ(h.job(elsewhere).state, JobState::running);  // another node's: untouched
}

TEST_F(EngineNodes, AnAttemptEndedElsewhereIsStoppedAndItsLateExitRefused) {
  JobId id = h.submit("once").id;
  ASSERT_TRUE(h.running(id));
  h.runner().start(id);
  h.settle();
  // Another node declared this one lost and ran the job itself.
  auto stored = h.store().get_job(id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  Job moved = **stored;
  moved.attempts[0].ended_at = h.clock().now();
  Attempt second;
  second.n = 2;
  second.token = "token-of-other";
  second.node = "other";
  second.started_at = h.clock().now();
  moved.attempts.push_back(second);
  commit(moved);
  h.engine().drop_attempts_no_longer_owned(h.clock().now());
  h.settle();
  ASSERT_EQ(h.runner().stops.size(), 1u);
  EXPECT_EQ(h.runner().stops[0].job_id, id);
  EXPECT_EQ(h.runner().stops[0].mode, StopMode::hard);
  h.runner().exit(id, 0);  // the late exit of the stopped attempt
  h.settle();
  Job after = h.job(id);
  EXPECT_EQ(after.state, JobState::running);
  ASSERT_EQ(after.attempts.size(), 2u);
  EXPECT_FALSE(after.attempts[0].exit_code.has_value());
  EXPECT_EQ(after.attempts[1].node, "other");
}

TEST_F(EngineNodes, AnAttemptStillItsOwnInTheStoreGoesOn) {
  JobId id = h.submit("once").id;
  ASSERT_TRUE(h.running(id));
  h.engine().drop_attempts_no_longer_owned(h.clock().now());
  h.settle();
  EXPECT_TRUE(h.runner().stops.empty());
  h.runner().exit(id, 0);
  EXPECT_EQ(h.job(id).state, JobState::completed);
}

}  // namespace
}  // namespace drover
