// How a Job, an Attempt and a Transition map onto rows of the SQLite schema
// (migrations.cc): the column lists, binding for writes and reading back.
// Each column list and its bind/read pair are kept side by side in
// job_rows.cc, because their order must match.
#pragma once

#include <string>

#include "core/job.h"
#include "store/sqlite/sqlite_db.h"

namespace drover {

// "id, type, params, ..." for SELECT; read_job reads them in this order.
const std::string& job_columns();
// INSERT of every job column that updates the row in place when the id exists
// (never REPLACE: that would delete the row and cascade to its attempts).
const std::string& upsert_job_sql();
void bind_job(Statement& statement, const Job& job);
// Fails only when a JSON column can't be parsed (a damaged database).
Result<Job> read_job(RowReader& row);

// "job_id, n, token, ..." for SELECT; read_attempt reads them after job_id.
const std::string& attempt_columns();
const std::string& upsert_attempt_sql();
void bind_attempt(Statement& statement, JobId job_id, const Attempt& attempt);
Attempt read_attempt(RowReader& row);

const std::string& transition_columns();
const std::string& insert_transition_sql();
void bind_transition(Statement& statement, JobId job_id, const Transition& transition);
Transition read_transition(RowReader& row);

}  // namespace drover
