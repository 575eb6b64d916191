#include "sched/group_commit.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

Job job_row(JobId id, std::string reason) {
  Job job;
  job.id = id;
  job.state_reason = std::move(reason);
  return job;
}

Attempt attempt_row(int n, std::int64_t last_seq) {
  Attempt attempt;
  attempt.n = n;
  attempt.last_event_seq = last_seq;
  return attempt;
}

TEST(CompactBatch, KeepsTheNewestRowOfEachJobInTheOrderOfTheirLastWrites) {
  WriteBatch batch;
  batch.jobs = {job_row(1, "a"), job_row(2, "b"), job_row(1, "c"), job_row(3, "d")};
  compact_batch(batch);
  ASSERT_EQ(batch.jobs.size(), 3u);
  EXPECT_EQ(batch.jobs[0].id, 2);
  EXPECT_EQ(batch.jobs[1].id, 1);
  EXPECT_EQ(batch.jobs[1].state_reason, "c");
  EXPECT_EQ(batch.jobs[2].id, 3);
}

TEST(CompactBatch, KeepsTheNewestRowOfEachAttemptAndEveryHistoryEntry) {
  WriteBatch batch;
  batch.attempts = {{1, attempt_row(1, 5)},
                    {1, attempt_row(2, 1)},
                    {1, attempt_row(1, 9)},
                    {2, attempt_row(1, 3)}};
  batch.history = {{1, Transition{1, JobState::queued, JobState::running, "started"}},
                   {1, Transition{2, JobState::running, JobState::failed, "exit code 7"}}};
  compact_batch(batch);
  ASSERT_EQ(batch.attempts.size(), 3u);
  EXPECT_EQ(batch.attempts[0].second.n, 2);
  EXPECT_EQ(batch.attempts[1].second.last_event_seq, 9);
  EXPECT_EQ(batch.attempts[2].first, 2);
  EXPECT_EQ(batch.history.size(), 2u);
}

}  // namespace
}  // namespace drover
