// What only the SQLite backend promises: its file, pragmas, schema versions,
// error messages, and readers that never see "database is locked".
#include "store/sqlite/sqlite_store.h"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "os/test_dir.h"
#include "store/job_columns.h"
#include "store/sqlite/migrations.h"

namespace drover {
namespace {

namespace fs = std::filesystem;

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::string database_path() const { return (dir.path() / "state" / "drover.db").string(); }

  std::unique_ptr<SqliteStore> open_store() {
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::open(database_path());
    EXPECT_TRUE(store.ok()) << store.error().message;
    return store.ok() ? std::move(*store) : nullptr;
  }

  std::string open_error(const std::string& path) {
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::open(path);
    EXPECT_FALSE(store.ok());
    return store.ok() ? "" : store.error().message;
  }

  static std::int64_t pragma(SqliteStore& store, const std::string& name) {
    Result<std::int64_t> value = store.db().query_int("PRAGMA " + name);
    EXPECT_TRUE(value.ok()) << value.error().message;
    return value.ok() ? *value : -1;
  }

  static Job job_with_id(JobId id) {
    Job job;
    job.id = id;
    job.type = "shell";
    return job;
  }

  static void commit_job(Store& store, const Job& job, Durability durability = Durability::full) {
    WriteBatch batch;
    batch.jobs.push_back(job);
    Status committed = store.commit(batch, durability);
    ASSERT_TRUE(committed.ok()) << committed.error().message;
  }

  TestDir dir;
};

TEST_F(SqliteStoreTest, CreatesItsFolderAndAnOwnerOnlyFileInWalMode) {
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(fs::status(database_path()).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  Result<std::string> mode = store->db().query_text("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(*mode, "wal");
  EXPECT_EQ(pragma(*store, "foreign_keys"), 1);
  EXPECT_GT(pragma(*store, "busy_timeout"), 0);
}

TEST_F(SqliteStoreTest, MigratesAnEmptyFileAndReopensWithoutMigratingAgain) {
  fs::create_directories(fs::path(database_path()).parent_path());
  std::ofstream(database_path()).close();
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(pragma(*store, "user_version"), latest_schema_version());
  commit_job(*store, job_with_id(store->next_job_id()));
  store.reset();

  store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(pragma(*store, "user_version"), latest_schema_version());
  Result<std::vector<Job>> jobs = store->list_jobs({});
  ASSERT_TRUE(jobs.ok());
  EXPECT_EQ(jobs->size(), 1u);
}

TEST_F(SqliteStoreTest, UpgradesADatabaseWrittenWithTheFirstSchema) {
  fs::create_directories(fs::path(database_path()).parent_path());
  {
    Result<std::unique_ptr<SqliteDb>> old_db = SqliteDb::open(database_path());
    ASSERT_TRUE(old_db.ok());
    ASSERT_TRUE(migrate_schema(**old_db, 1).ok());
    // Rows as the first release wrote them: only the first schema's columns.
    for (JobId id : {1, 2, 3}) {
      std::string state = id == 2 ? "running" : "queued";
      ASSERT_TRUE((*old_db)
                      ->exec(fmt::format(
                          "INSERT INTO jobs (id, type, params, queue, priority, state, "
                          "state_reason, created_at, progress, after_ids, stop_request) VALUES "
                          "({}, 'shell', '{{}}', 'default', 0, '{}', '', 1, '{{}}', '[]', 'none')",
                          id, state))
                      .ok());
    }
  }
  auto store = open_store();
  ASSERT_TRUE(store);
  EXPECT_EQ(pragma(*store, "user_version"), latest_schema_version());
  Result<std::map<JobState, std::int64_t>> counts = store->count_jobs_by_state();
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  EXPECT_EQ(*counts,
            (std::map<JobState, std::int64_t>{{JobState::queued, 2}, {JobState::running, 1}}));
  EXPECT_EQ(store->next_job_id(), 4);
  Result<std::vector<Job>> jobs = store->list_jobs({});
  ASSERT_TRUE(jobs.ok()) << jobs.error().message;
  ASSERT_EQ(jobs->size(), 3u);
  EXPECT_FALSE(jobs->front().chain.has_value());
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerDrover) {
  auto store = open_store();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->db().exec("PRAGMA user_version = 999").ok());
  store.reset();
  EXPECT_NE(open_error(database_path()).find("upgrade drover"), std::string::npos);
}

TEST_F(SqliteStoreTest, SaysWhatToDoWithAFileThatIsNotADatabase) {
  fs::create_directories(fs::path(database_path()).parent_path());
  std::ofstream(database_path()) << std::string(8192, 'x');
  std::string message = open_error(database_path());
  EXPECT_NE(message.find(database_path()), std::string::npos) << message;
  EXPECT_NE(message.find("move it aside"), std::string::npos) << message;
}

TEST_F(SqliteStoreTest, SaysWhatToDoWithAPathItCannotCreate) {
  std::ofstream(dir.path() / "a-file") << "not a folder";
  std::string message = open_error((dir.path() / "a-file" / "drover.db").string());
  EXPECT_NE(message.find("--state-dir"), std::string::npos) << message;
}

TEST_F(SqliteStoreTest, SwitchesSynchronousWithTheDurabilityOfEachCommit) {
  auto store = open_store();
  ASSERT_TRUE(store);
  commit_job(*store, job_with_id(1), Durability::relaxed);
  EXPECT_EQ(pragma(*store, "synchronous"), 1);  // NORMAL
  commit_job(*store, job_with_id(2), Durability::full);
  EXPECT_EQ(pragma(*store, "synchronous"), 2);  // FULL
}

TEST_F(SqliteStoreTest, ASecondConnectionReadsWhileTheFirstIsWriting) {
  auto writer = open_store();
  auto reader = open_store();
  ASSERT_TRUE(writer && reader);
  commit_job(*writer, job_with_id(1));

  // The writer holds the write lock with an uncommitted row.
  Result<Transaction> transaction = Transaction::begin_immediate(writer->db());
  ASSERT_TRUE(transaction.ok()) << transaction.error().message;
  ASSERT_TRUE(writer->db().exec("UPDATE jobs SET state = 'running' WHERE id = 1").ok());

  Result<std::vector<Job>> seen = reader->list_jobs({});
  ASSERT_TRUE(seen.ok()) << seen.error().message;
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ(seen->front().state, JobState::queued);  // not the uncommitted change
  ASSERT_TRUE(transaction->commit().ok());

  Result<std::optional<Job>> after = reader->get_job(1);
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->state, JobState::running);
}

TEST_F(SqliteStoreTest, AWriterCommitsWhileAReaderIsMidQuery) {
  auto writer = open_store();
  auto reader = open_store();
  ASSERT_TRUE(writer && reader);
  commit_job(*writer, job_with_id(1));
  commit_job(*writer, job_with_id(2));

  Result<ScopedStatement> reading = reader->db().cached("SELECT id FROM jobs");
  ASSERT_TRUE(reading.ok());
  ASSERT_TRUE((*reading)->step().ok());  // an open read transaction
  WriteBatch batch;
  batch.jobs = {job_with_id(3)};
  Status committed = writer->commit(batch, Durability::full);
  EXPECT_TRUE(committed.ok()) << committed.error().message;
}

TEST_F(SqliteStoreTest, ReusesPreparedStatements) {
  auto store = open_store();
  ASSERT_TRUE(store);
  auto count_statements = [&store] {
    int count = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(store->db().raw(), nullptr); s;
         s = sqlite3_next_stmt(store->db().raw(), s)) {
      ++count;
    }
    return count;
  };
  commit_job(*store, job_with_id(1));
  ASSERT_TRUE(store->list_jobs({}).ok());
  int prepared = count_statements();
  for (JobId id = 2; id < 20; ++id) {
    commit_job(*store, job_with_id(id));
    ASSERT_TRUE(store->list_jobs({}).ok());
  }
  EXPECT_EQ(count_statements(), prepared);
}

TEST_F(SqliteStoreTest, CheckpointsKeepTheWalBounded) {
  auto store = open_store();
  ASSERT_TRUE(store);
  Job job = job_with_id(1);
  job.params = {{"padding", std::string(4000, 'p')}};
  for (int i = 0; i < 3000; ++i) {
    job.progress.current = i;
    commit_job(*store, job, Durability::relaxed);
  }
  // 3000 commits of a 4 kB row write some 24 MB of WAL frames without checkpoints.
  EXPECT_LT(fs::file_size(database_path() + "-wal"), 8u * 1024 * 1024);
}

}  // namespace
}  // namespace drover
