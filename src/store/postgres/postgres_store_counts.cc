// PostgresStore: job counts by state (job_counts, kept by triggers), by state
// and type (/metrics) and finished jobs per time bucket (/api/stats).
#include "store/postgres/postgres_store.h"

namespace drover {

Result<std::map<JobState, std::int64_t>> PostgresStore::count_jobs_by_state() {
  DROVER_TRY(result, m_db->query("SELECT state, count FROM job_counts WHERE count > 0"));
  std::map<JobState, std::int64_t> counts;
  (void)for_each_row(*result, [&counts](PgRowReader& row) {
    std::optional<JobState> state = parse_state(row.text());
    if (state) counts[*state] = row.int64();
  });
  return counts;
}

Result<std::map<std::pair<JobState, std::string>, std::int64_t>>
PostgresStore::count_jobs_by_state_and_type() {
  DROVER_TRY(result, m_db->query("SELECT state, type, COUNT(*) FROM jobs GROUP BY state, type"));
  std::map<std::pair<JobState, std::string>, std::int64_t> counts;
  (void)for_each_row(*result, [&counts](PgRowReader& row) {
    std::optional<JobState> state = parse_state(row.text());
    std::string type = row.text();
    if (state) counts[{*state, std::move(type)}] = row.int64();
  });
  return counts;
}

Result<std::vector<FinishedCount>> PostgresStore::count_finished_since(Millis since,
                                                                       Millis bucket) {
  if (bucket <= 0) return Error{ErrorCode::invalid, "a stats bucket must be at least 1 ms long"};
  // Only finished jobs have finished_at; jobs_by_finish narrows the scan to them.
  DROVER_TRY(
      result,
      m_db->query(
          "SELECT (finished_at / $2::bigint) * $2::bigint AS bucket, state, "
          "COUNT(*) FROM jobs WHERE state IN ('completed', 'failed', 'cancelled') "
          "AND finished_at >= $1 GROUP BY bucket, state ORDER BY bucket, state COLLATE \"C\"",
          {since, bucket}));
  std::vector<FinishedCount> counts;
  (void)for_each_row(*result, [&counts](PgRowReader& row) {
    Millis start = row.int64();
    std::optional<JobState> state = parse_state(row.text());
    if (state) counts.push_back({start, *state, row.int64()});
  });
  return counts;
}

}  // namespace drover
