// SqliteStore: job counts by state and type (/metrics) and finished jobs
// per time bucket (/api/stats). One scan of the jobs table per scrape or
// stats request, never per scheduling decision (job_counts, kept by
// triggers, answers the per-state counts the engine needs).
#include "store/sqlite/sqlite_store.h"

namespace drover {

Result<std::map<std::pair<JobState, std::string>, std::int64_t>>
SqliteStore::count_jobs_by_state_and_type() {
  Result<ScopedStatement> statement =
      m_db->cached("SELECT state, type, COUNT(*) FROM jobs GROUP BY state, type");
  if (!statement) return statement.error();
  std::map<std::pair<JobState, std::string>, std::int64_t> counts;
  Status read = for_each_row(**statement, [&counts](RowReader& row) {
    std::optional<JobState> state = parse_state(row.text());
    std::string type = row.text();
    if (state) counts[{*state, std::move(type)}] = row.int64();
  });
  if (!read) return read.error();
  return counts;
}

Result<std::vector<FinishedCount>> SqliteStore::count_finished_since(Millis since, Millis bucket) {
  if (bucket <= 0) return Error{ErrorCode::invalid, "a stats bucket must be at least 1 ms long"};
  // Only finished jobs have finished_at; the state index narrows the scan to them.
  DROVER_TRY(
      statement,
      m_db->cached("SELECT (finished_at / ?2) * ?2 AS bucket, state, COUNT(*) FROM jobs "
                   "WHERE state IN ('completed', 'failed', 'cancelled') AND finished_at >= ?1 "
                   "GROUP BY bucket, state ORDER BY bucket, state"));
  (**statement).bind_all(since, bucket);
  std::vector<FinishedCount> counts;
  Status read = for_each_row(**statement, [&counts](RowReader& row) {
    Millis start = row.int64();
    std::optional<JobState> state = parse_state(row.text());
    if (state) counts.push_back({start, *state, row.int64()});
  });
  if (!read) return read.error();
  return counts;
}

}  // namespace drover
