// The narrow reads of store.h that the submit path and retention use: dedupe
// (newest job of a key), the resumable check, the cache source row and the
// expired jobs. Checked against every backend, like the conformance suite.
#include <algorithm>
#include <memory>

#include <gtest/gtest.h>

#include "sample_jobs.h"
#include "store/store.h"
#include "store_backends.h"

namespace drover {
namespace {

constexpr Millis kT0 = 1'700'000'000'000;

template <typename Backend>
class StoreLookups : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = Backend::skip_reason()) GTEST_SKIP() << *why;
    Result<std::unique_ptr<Store>> opened = backend.open();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store = std::move(*opened);
  }

  // Commits a job of `type` and `key` in `state`; finished ones finished at
  // `finished_at` (default: when created).
  Job add(JobState state, std::string key = "k", std::string type = "shell",
          std::optional<Millis> finished_at = std::nullopt) {
    Job job;
    job.id = store->next_job_id();
    job.type = std::move(type);
    job.key = std::move(key);
    job.state = state;
    job.created_at = kT0 + job.id;
    if (is_finished(state)) job.finished_at = finished_at.value_or(job.created_at);
    commit(job);
    return job;
  }

  void commit(const Job& job) {
    WriteBatch batch;
    batch.jobs.push_back(job);
    Status committed = store->commit(batch, Durability::full);
    ASSERT_TRUE(committed.ok()) << committed.error().message;
  }

  Job with_checkpoint(Job job) {
    job.checkpoint = Checkpoint{Json{{"at", 3}}, kT0};
    commit(job);
    return job;
  }

  std::optional<JobRef> newest(const std::string& key, const std::vector<JobState>& states) {
    auto found = store->find_newest_by_key("shell", key, states);
    EXPECT_TRUE(found.ok()) << found.error().message;
    return found.ok() ? *found : std::nullopt;
  }

  std::optional<JobId> resumable(const std::string& key) {
    auto found = store->find_resumable("shell", key);
    EXPECT_TRUE(found.ok()) << found.error().message;
    return found.ok() ? *found : std::nullopt;
  }

  std::vector<JobId> expired(Millis cutoff, int keep, int limit = 1000) {
    auto found = store->find_expired(cutoff, keep, limit);
    EXPECT_TRUE(found.ok()) << found.error().message;
    std::vector<JobId> ids = found.ok() ? *found : std::vector<JobId>{};
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  Backend backend;
  std::unique_ptr<Store> store;
};

TYPED_TEST_SUITE_P(StoreLookups);

TYPED_TEST_P(StoreLookups, NewestByKeyIsTheNewestJobOfThatTypeKeyAndStates) {
  Job completed = this->add(JobState::completed, "k", "shell", kT0 + 50);
  Job queued = this->add(JobState::queued);
  this->add(JobState::failed);                // newer, but not a state asked for
  this->add(JobState::queued, "other");       // another key
  this->add(JobState::queued, "k", "index");  // another type
  std::vector<JobState> same_work{JobState::queued, JobState::running, JobState::paused,
                                  JobState::completed};

  std::optional<JobRef> found = this->newest("k", same_work);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, queued.id);
  EXPECT_EQ(found->state, JobState::queued);

  found = this->newest("k", {JobState::completed});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, completed.id);
  EXPECT_EQ(found->finished_at, kT0 + 50);

  EXPECT_FALSE(this->newest("nobody", same_work));
  EXPECT_FALSE(this->newest("k", {JobState::interrupted}));
}

TYPED_TEST_P(StoreLookups, ResumableIsTheNewestStoppedJobOfTheKeyWithACheckpoint) {
  Job older = this->with_checkpoint(this->add(JobState::interrupted));
  this->add(JobState::failed);                                  // no checkpoint
  this->with_checkpoint(this->add(JobState::completed));        // completed: never resumable
  this->with_checkpoint(this->add(JobState::running));          // still running
  this->with_checkpoint(this->add(JobState::paused, "other"));  // another key
  EXPECT_EQ(this->resumable("k"), older.id);

  Job newer = this->with_checkpoint(this->add(JobState::cancelled));
  EXPECT_EQ(this->resumable("k"), newer.id);

  // Its checkpoint removed (retention of checkpoints), it is no longer found.
  newer.checkpoint.reset();
  this->commit(newer);
  EXPECT_EQ(this->resumable("k"), older.id);
  EXPECT_FALSE(this->resumable("other-key"));
}

TYPED_TEST_P(StoreLookups, ListsResumableJobsNewestFirstWithAttempts) {
  Job first = this->add(JobState::failed);
  first.attempts = {full_attempt(1)};
  WriteBatch attempts;
  attempts.attempts.emplace_back(first.id, first.attempts[0]);
  ASSERT_TRUE(this->store->commit(attempts, Durability::full).ok());
  this->with_checkpoint(first);
  Job second = this->with_checkpoint(this->add(JobState::paused, "other"));
  this->with_checkpoint(this->add(JobState::queued));

  auto listed = this->store->list_resumable(10);
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, second.id);
  EXPECT_EQ((*listed)[1].id, first.id);
  EXPECT_EQ((*listed)[1].attempts.size(), 1u);
  EXPECT_TRUE((*listed)[1].history.empty());

  listed = this->store->list_resumable(1);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);
}

TYPED_TEST_P(StoreLookups, JobRowComesWithoutAttemptsOrHistory) {
  Job job = this->add(JobState::running);
  WriteBatch batch = batch_with_history(job);
  batch.attempts.emplace_back(job.id, full_attempt(1));
  ASSERT_TRUE(this->store->commit(batch, Durability::full).ok());

  auto row = this->store->get_job_row(job.id);
  ASSERT_TRUE(row.ok()) << row.error().message;
  ASSERT_TRUE(row->has_value());
  EXPECT_EQ((*row)->type, "shell");
  EXPECT_TRUE((*row)->attempts.empty());
  EXPECT_TRUE((*row)->history.empty());
  auto missing = this->store->get_job_row(job.id + 100);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TYPED_TEST_P(StoreLookups, ExpiredAreOldFinishedJobsButTheNewestKeep) {
  Job old_completed = this->add(JobState::completed, "a", "shell", kT0 + 10);
  Job old_failed = this->add(JobState::failed, "b", "shell", kT0 + 20);
  this->add(JobState::queued, "c");  // not finished
  Job old_cancelled = this->add(JobState::cancelled, "d", "shell", kT0 + 30);
  this->add(JobState::completed, "e", "shell", kT0 + 1000);  // young
  Millis cutoff = kT0 + 500;

  EXPECT_EQ(this->expired(cutoff, 0),
            (std::vector<JobId>{old_completed.id, old_failed.id, old_cancelled.id}));
  // The two newest finished jobs stay whatever their age.
  EXPECT_EQ(this->expired(cutoff, 2), (std::vector<JobId>{old_completed.id, old_failed.id}));
  EXPECT_TRUE(this->expired(cutoff, 4).empty());
  EXPECT_TRUE(this->expired(cutoff, 100).empty());
  EXPECT_EQ(this->expired(cutoff, 0, 2).size(), 2u);
}

REGISTER_TYPED_TEST_SUITE_P(StoreLookups, NewestByKeyIsTheNewestJobOfThatTypeKeyAndStates,
                            ResumableIsTheNewestStoppedJobOfTheKeyWithACheckpoint,
                            ListsResumableJobsNewestFirstWithAttempts,
                            JobRowComesWithoutAttemptsOrHistory,
                            ExpiredAreOldFinishedJobsButTheNewestKeep);

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StoreLookups, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, StoreLookups, PostgresBackend);

}  // namespace
}  // namespace drover
