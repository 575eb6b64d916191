// SqliteStore: job counts by state and type (/metrics). One scan of the
// jobs table per scrape, never per scheduling decision (job_counts, kept by
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

}  // namespace drover
