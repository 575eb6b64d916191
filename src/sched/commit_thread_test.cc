// GroupCommit with a CommitThread on a real SQLite file: commits leave the
// loop's thread, rows not stored yet are found meanwhile, what is staged
// during a commit goes in the next one, and a failed commit is merged back
// ahead of what came after it.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "os/test_dir.h"
#include "sched/group_commit.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_store.h"

namespace drover {
namespace {

Job queued_job(JobId id, std::string key) {
  Job job;
  job.id = id;
  job.type = "shell";
  job.params = Json::object();
  job.key = std::move(key);
  job.queue = "default";
  job.state = JobState::queued;
  job.state_reason = "submitted";
  job.created_at = 1;
  return job;
}

class CommitThreadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::open((m_dir.path() / "drover.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store = std::move(*opened);
  }

  std::unique_ptr<Store> writer() {
    auto second = store->second_connection();
    EXPECT_TRUE(second.ok() && *second) << "no second connection";
    return std::move(*second);
  }

  // Runs `sql` through a connection of its own, as another program would.
  void run_sql(const std::string& sql) {
    auto db = SqliteDb::open((m_dir.path() / "drover.db").string());
    ASSERT_TRUE(db.ok()) << db.error().message;
    Status ran = (*db)->exec(sql);
    ASSERT_TRUE(ran.ok()) << ran.error().message;
  }

  // Runs the loop's handlers (waiting for the writer's completions) until
  // `done` holds.
  template <typename Done>
  void run_until(Done done) {
    while (!done()) {
      io.restart();
      ASSERT_GT(io.run_one(), 0u) << "the loop ran dry before it was done";
    }
  }

  bool stored(JobId id) {
    auto row = store->get_job_row(id);
    return row.ok() && row->has_value();
  }

  TestDir m_dir;
  std::unique_ptr<SqliteStore> store;
  boost::asio::io_context io;
};

TEST_F(CommitThreadTest, AnswersOnceStoredAndShowsTheRowUntilThen) {
  GroupCommit commit(io, *store, writer());
  commit.stage_job(queued_job(1, "a"));
  std::vector<Status> answers;
  commit.request(Durability::full, [&](Status status) { answers.push_back(status); });
  ASSERT_NE(commit.unstored_job(1), nullptr);
  EXPECT_EQ(commit.unstored_with_key("shell", "a"), 1);

  run_until([&] { return !answers.empty(); });
  EXPECT_TRUE(answers.front().ok());
  EXPECT_TRUE(stored(1));
  EXPECT_EQ(commit.unstored_job(1), nullptr);
  EXPECT_FALSE(commit.unstored_with_key("shell", "a"));
}

TEST_F(CommitThreadTest, WhatIsStagedDuringACommitGoesInTheNextOne) {
  GroupCommit commit(io, *store, writer());
  std::vector<JobId> answered;
  commit.stage_job(queued_job(1, "a"));
  commit.request(Durability::full, [&](Status) { answered.push_back(1); });
  io.poll_one();  // hands batch 1 to the thread
  commit.stage_job(queued_job(2, "a"));
  commit.stage_delete(1);
  commit.request(Durability::full, [&](Status) { answered.push_back(2); });
  EXPECT_EQ(commit.unstored_with_key("shell", "a"), 2);
  EXPECT_TRUE(commit.unstored_delete(1));

  run_until([&] { return answered.size() == 2; });
  EXPECT_EQ(answered, (std::vector<JobId>{1, 2}));
  EXPECT_EQ(commit.commits(), 2u);
  EXPECT_FALSE(stored(1));
  EXPECT_TRUE(stored(2));
}

TEST_F(CommitThreadTest, FlushWaitsForTheCommitInFlightThenStoresTheRest) {
  GroupCommit commit(io, *store, writer());
  commit.stage_job(queued_job(1, "a"));
  commit.request(Durability::full);
  io.poll_one();
  commit.stage_job(queued_job(2, "b"));
  ASSERT_TRUE(commit.flush().ok());
  EXPECT_TRUE(stored(1));
  EXPECT_TRUE(stored(2));
  EXPECT_EQ(commit.unstored_job(2), nullptr);
}

TEST_F(CommitThreadTest, AFailedCommitIsRetriedAheadOfWhatWasStagedMeanwhile) {
  // A real failure of the writer's transaction, until the trigger is gone.
  run_sql(
      "CREATE TRIGGER refuse BEFORE INSERT ON jobs BEGIN SELECT RAISE(ABORT, 'disk full'); END");
  GroupCommit commit(io, *store, writer());
  std::vector<JobId> answered;
  Job first = queued_job(1, "a");
  commit.stage_job(first);
  commit.request(Durability::full, [&](Status status) {
    EXPECT_TRUE(status.ok());
    answered.push_back(1);
  });
  io.poll_one();
  first.state_reason = "changed while the first commit failed";
  commit.stage_job(first);
  commit.request(Durability::full, [&](Status) { answered.push_back(2); });

  run_until([&] { return !commit.check_stored().ok(); });
  EXPECT_NE(commit.unstored_job(1), nullptr) << "the failed batch's row was dropped";
  EXPECT_TRUE(answered.empty()) << "a waiter was told of a change that is not stored";
  run_sql("DROP TRIGGER refuse");
  run_until([&] { return answered.size() == 2; });  // the retry timer's commit
  EXPECT_EQ(answered, (std::vector<JobId>{1, 2}));
  EXPECT_TRUE(commit.check_stored().ok());
  auto row = store->get_job_row(1);
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->state_reason, "changed while the first commit failed");
}

}  // namespace
}  // namespace drover
