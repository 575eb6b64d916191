// What SQLite plans to do with a statement (`EXPLAIN QUERY PLAN`), and the
// check that keeps hot-path queries on their indexes: no line of the plan may
// scan a big table (jobs, attempts, history) row by row. A scan of a partial
// index that holds only a small set (the resumable jobs) is allowed by name.
// Not thread-safe: uses the connection it is given.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/sqlite/sqlite_db.h"

namespace drover {

// The plan's lines, indented by depth: "SEARCH jobs USING INDEX jobs_by_state (state=?)".
Result<std::vector<std::string>> explain_query_plan(SqliteDb& db, const std::string& sql);

// The first line of `plan` that scans jobs, attempts or history, other than
// through a partial index named in `bounded_indexes`; nullopt when none does.
std::optional<std::string> find_table_scan(const std::vector<std::string>& plan,
                                           const std::vector<std::string>& bounded_indexes);

}  // namespace drover
