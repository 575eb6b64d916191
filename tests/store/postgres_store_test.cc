// What the PostgreSQL store promises beyond the conformance suite: it
// survives the server ending its connection (a restart), a batch spanning
// several round trips is still all or nothing, connection errors never show
// the password, and an index can serve every hot-path query.
#include <regex>

#include <gtest/gtest.h>

#include "store/job_queries.h"
#include "store/postgres/postgres_store.h"
#include "store_backends.h"

// Batches are spelled with designated initializers; g++ 12 warns about the
// members they leave out, which is their point.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace drover {
namespace {

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = PostgresBackend::skip_reason()) GTEST_SKIP() << *why;
    ASSERT_TRUE(backend.open().ok()) << backend.open().error().message;
    auto opened = PostgresStore::open(backend.location());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store = std::move(*opened);
  }

  Job new_job() {
    Job job;
    job.id = store->next_job_id();
    job.type = "shell";
    job.created_at = 1'700'000'000'000 + job.id;
    return job;
  }

  // Ends the store's server process from another connection, as a restart
  // does, and waits until it is gone.
  void end_store_connection() {
    auto admin = PgConnection::open(backend.location());
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    Status ended = (*admin)->exec(
        fmt::format("SELECT pg_terminate_backend({}, 10000)", store->db().backend_pid()));
    ASSERT_TRUE(ended.ok()) << ended.error().message;
  }

  PostgresBackend backend;
  std::unique_ptr<PostgresStore> store;
};

TEST_F(PostgresStoreTest, ReconnectsWhenTheServerEndedTheConnection) {
  Job job = new_job();
  ASSERT_TRUE(store->commit({.jobs = {job}}, Durability::full).ok());
  int first_backend = store->db().backend_pid();

  end_store_connection();
  Result<std::optional<Job>> read = store->get_job(job.id);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_TRUE(read->has_value());
  EXPECT_NE(store->db().backend_pid(), first_backend);

  end_store_connection();
  Job second = new_job();
  Status committed = store->commit({.jobs = {second}}, Durability::full);
  EXPECT_TRUE(committed.ok()) << committed.error().message;
  EXPECT_GT(second.id, job.id);
}

TEST_F(PostgresStoreTest, ABatchOfSeveralRoundTripsIsAllOrNothing) {
  WriteBatch batch;
  for (int i = 0; i < 2500; ++i) batch.jobs.push_back(new_job());
  // The last statement fails (no such job): every job before it is undone.
  batch.attempts.push_back({999'999'999, Attempt{.n = 1, .token = "t"}});
  Status failed = store->commit(batch, Durability::full);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("attempts"), std::string::npos) << failed.error().message;
  auto counts = store->count_jobs_by_state();
  ASSERT_TRUE(counts.ok());
  EXPECT_TRUE(counts->empty());

  // The connection is still usable, and the batch goes through without the bad row.
  batch.attempts.clear();
  Status committed = store->commit(batch, Durability::relaxed);
  ASSERT_TRUE(committed.ok()) << committed.error().message;
  counts = store->count_jobs_by_state();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ((*counts)[JobState::queued], 2500);
}

TEST_F(PostgresStoreTest, ConnectionErrorsSayWhatFailedWithoutThePassword) {
  auto opened =
      open_postgres_store("postgresql://drover:hunter2@/jobs?host=/nonexistent-drover-socket");
  ASSERT_FALSE(opened.ok());
  const std::string& message = opened.error().message;
  EXPECT_NE(message.find("cannot connect to PostgreSQL at postgresql://drover:***@/jobs"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("check that the server is running"), std::string::npos) << message;
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

// The parameters a hot-path query takes, as text the server converts: "1"
// for a scalar, "{1,2}" for an id list; typed text when the query leaves one
// unused (the server can't infer its type).
std::pair<ColumnValues, std::vector<PgOid>> sample_parameters(const std::string& sql) {
  ColumnValues values;
  std::vector<PgOid> types;
  for (int n = 1; n <= 4; ++n) {
    std::string name = "$" + std::to_string(n);
    bool used = std::regex_search(sql, std::regex("\\" + name + "(?![0-9])"));
    values.push_back(sql.find(name + "::bigint[]") != std::string::npos ? "{1,2}" : "1");
    types.push_back(used ? 0 : kPgText);
  }
  while (!values.empty() && sql.find("$" + std::to_string(values.size())) == std::string::npos) {
    values.pop_back();
    types.pop_back();
  }
  return {values, types};
}

TEST_F(PostgresStoreTest, AnIndexCanServeEveryHotPathQuery) {
  // Without rows the planner prefers a scan; forbidding it asks whether an
  // index could serve the query at all (a missing index still scans).
  ASSERT_TRUE(store->db().exec("SET enable_seqscan = off").ok());
  for (const NamedQuery& query : hot_path_queries(SqlDialect::postgres)) {
    auto [values, types] = sample_parameters(query.sql);
    auto plan = store->db().query("EXPLAIN " + query.sql, values, types);
    ASSERT_TRUE(plan.ok()) << query.name << ": " << plan.error().message << "\n" << query.sql;
    std::string text;
    (void)for_each_row(*plan, [&text](PgRowReader& row) { text += row.text() + "\n"; });
    for (const char* table : {"jobs", "attempts", "history"}) {
      EXPECT_EQ(text.find(std::string("Seq Scan on ") + table), std::string::npos)
          << query.name << " scans " << table << ":\n"
          << text << query.sql;
    }
  }
}

}  // namespace
}  // namespace drover
