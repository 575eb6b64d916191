// The SQL text of every read the SQL stores make on a hot path (submit,
// dedupe, resumable check, `ls`, the UI's pages, retention), in one place and
// in each backend's dialect, so that the stores run these exact statements
// and the query-plan tests check their plans (SQLite's `EXPLAIN QUERY PLAN`,
// PostgreSQL's `EXPLAIN`): none may scan jobs, attempts or history, whatever
// the backlog.
//
// The shape that keeps them O(log n): one arm per state, each walking an
// index that ends in (state, id) from a bound, newest first, and stopping at
// the page size; the arms are merged by id. An `IN (states)` with ORDER BY id
// would read every row of those states and sort them.
// Pure functions of their arguments; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/job_state.h"
#include "store/sql_dialect.h"
#include "store/store.h"

namespace drover {

// The filter with its states sorted and each once: fewer distinct SQL texts,
// so the statement caches stay small.
JobFilter without_repeated_states(JobFilter filter);

// Binding of list_jobs_sql(): ?1 type, ?2 key, ?3 before_id, ?4 limit; a
// parameter whose condition the filter leaves out is bound but unused.
std::string list_jobs_sql(const JobFilter& filter, SqlDialect dialect);

// Newest job of ?1 type and ?2 key in ?3 state: id, state, finished_at.
const std::string& newest_by_key_sql(SqlDialect dialect);

// The states where a stopped job with a checkpoint can be resumed; the
// partial indexes of resumable jobs (migration 6) hold exactly these rows.
const std::vector<JobState>& resumable_states();
// Newest resumable job of ?1 type and ?2 key: its id.
const std::string& resumable_by_key_sql(SqlDialect dialect);
// Resumable jobs newest first (job_columns()), ?1 limit.
const std::string& list_resumable_sql(SqlDialect dialect);

// Id of the ?1-th newest finished job (1-based), the oldest one retention keeps.
const std::string& keep_boundary_sql(SqlDialect dialect);
// Up to ?3 finished jobs that finished before ?1 with an id below ?2, oldest
// finish first: their ids.
const std::string& expired_jobs_sql(SqlDialect dialect);

// Running jobs whose attempt, run by node ?1, has not ended (job_columns()),
// by id: what a node declared lost leaves behind.
const std::string& running_on_node_sql(SqlDialect dialect);

// Attempts of node ?1 ended at or after ?2 without an exit code or signal
// (job_id, then attempt_columns()).
const std::string& attempts_ended_elsewhere_sql(SqlDialect dialect);

// The job row by ?1 id; the attempts of the jobs whose ids are in the list
// ?1 (id_list_parameter()); the history of job ?1.
const std::string& job_by_id_sql(SqlDialect dialect);
const std::string& attempts_of_jobs_sql(SqlDialect dialect);
const std::string& history_of_job_sql(SqlDialect dialect);
// The ids as one parameter: a JSON array for SQLite, an array literal for
// PostgreSQL.
std::string id_list_parameter(const std::vector<JobId>& ids, SqlDialect dialect);

// Name and SQL of every hot-path statement above, with representative
// filters for list_jobs_sql(): what the query-plan test checks.
struct NamedQuery {
  std::string name;
  std::string sql;
};
std::vector<NamedQuery> hot_path_queries(SqlDialect dialect);

}  // namespace drover
