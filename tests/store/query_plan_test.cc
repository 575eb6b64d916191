// Every query the SQLite store runs on a hot path (job_queries.h) stays on
// an index: its EXPLAIN QUERY PLAN, on the exact SQL the store runs, scans
// none of jobs, attempts or history. A new query or a dropped index that
// brings a scan back fails here, long before a million jobs show it.
#include <gtest/gtest.h>

#include "os/test_dir.h"
#include "store/job_queries.h"
#include "store/sqlite/query_plan.h"
#include "store/sqlite/sqlite_store.h"

namespace drover {
namespace {

// The partial indexes that hold only resumable jobs: scanning them reads
// that small set, not the jobs table.
const std::vector<std::string> kBoundedIndexes{"jobs_resumable"};

std::string joined(const std::vector<std::string>& plan) {
  std::string text;
  for (const std::string& line : plan) text += line + "\n";
  return text;
}

class QueryPlan : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = SqliteStore::open((dir.path() / "drover.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store = std::move(*opened);
  }

  std::vector<std::string> plan_of(const std::string& sql) {
    auto plan = explain_query_plan(store->db(), sql);
    EXPECT_TRUE(plan.ok()) << plan.error().message << "\n" << sql;
    return plan.ok() ? *plan : std::vector<std::string>{};
  }

  TestDir dir;
  std::unique_ptr<SqliteStore> store;
};

TEST_F(QueryPlan, EveryHotPathQueryUsesAnIndex) {
  for (const NamedQuery& query : hot_path_queries(SqlDialect::sqlite)) {
    std::vector<std::string> plan = plan_of(query.sql);
    ASSERT_FALSE(plan.empty()) << query.name;
    std::optional<std::string> scan = find_table_scan(plan, kBoundedIndexes);
    EXPECT_FALSE(scan) << query.name << " scans a table (" << *scan << "):\n"
                       << joined(plan) << query.sql;
  }
}

TEST_F(QueryPlan, TheCheckCatchesAScan) {
  // params has no index: the check must see the full scan, or it proves nothing.
  std::vector<std::string> plan = plan_of("SELECT id FROM jobs WHERE params = ?1");
  EXPECT_TRUE(find_table_scan(plan, kBoundedIndexes)) << joined(plan);
  plan = plan_of("SELECT job_id FROM history WHERE reason = ?1");
  EXPECT_TRUE(find_table_scan(plan, kBoundedIndexes)) << joined(plan);
}

TEST_F(QueryPlan, DedupeAndResumableLookupsUseTheKeyIndexes) {
  // Both must go straight to the key's rows: an index on key alone, or on
  // state alone, walks every earlier job of that key (quadratic submits).
  EXPECT_NE(joined(plan_of(newest_by_key_sql(SqlDialect::sqlite)))
                .find("jobs_by_type_key_state (type=? AND key=? AND state=?)"),
            std::string::npos)
      << joined(plan_of(newest_by_key_sql(SqlDialect::sqlite)));
  EXPECT_NE(joined(plan_of(resumable_by_key_sql(SqlDialect::sqlite)))
                .find("jobs_resumable_by_key (type=? AND key=?)"),
            std::string::npos)
      << joined(plan_of(resumable_by_key_sql(SqlDialect::sqlite)));
}

TEST_F(QueryPlan, InterruptedJobsAreReadFromTheIndexOfResumableJobsInOrder) {
  // Not from (state, ...) indexes, which hold every failed and cancelled job.
  std::string plan = joined(plan_of(list_resumable_sql(SqlDialect::sqlite)));
  EXPECT_NE(plan.find("USING INDEX jobs_resumable\n"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
}

TEST_F(QueryPlan, RetentionWalksFinishedJobsByFinishTime) {
  std::string plan = joined(plan_of(expired_jobs_sql(SqlDialect::sqlite)));
  EXPECT_NE(plan.find("jobs_by_finish (state=? AND finished_at<?)"), std::string::npos) << plan;
}

TEST_F(QueryPlan, PagesOfOneStateNeverSortTheWholeState) {
  // Each arm of a listing walks (state, id) newest first and stops at the page.
  JobFilter filter;
  filter.states = {JobState::queued, JobState::running};
  std::string plan = joined(plan_of(list_jobs_sql(filter, SqlDialect::sqlite)));
  EXPECT_NE(plan.find("jobs_by_state (state=?)"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("jobs_by_state (state=?)\n  USE TEMP B-TREE"), std::string::npos) << plan;
}

}  // namespace
}  // namespace drover
