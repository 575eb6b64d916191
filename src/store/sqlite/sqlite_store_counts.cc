// SqliteStore: job counts by state and type (/metrics). Read when scraped,
// not per scheduling decision: the jobs_by_state index keeps it one pass.
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
