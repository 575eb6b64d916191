// SqliteStore: the narrow reads of the submit path (dedupe, resumable check,
// cache source) and of retention. Each runs a statement of job_queries.h that
// walks an index to at most a page of rows, so its cost does not grow with
// the number of jobs stored or sharing a key.
#include <limits>

#include "store/job_queries.h"
#include "store/sqlite/sqlite_store.h"

namespace drover {

Result<std::vector<JobId>> SqliteStore::read_ids(Statement& statement) {
  std::vector<JobId> ids;
  Status read = for_each_row(statement, [&ids](RowReader& row) { ids.push_back(row.int64()); });
  if (!read) return read.error();
  return ids;
}

Result<std::optional<Job>> SqliteStore::get_job_row(JobId id) {
  DROVER_TRY(statement, m_db->cached(job_by_id_sql(SqlDialect::sqlite)));
  (*statement)->bind_all(id);
  DROVER_TRY(jobs, read_jobs(**statement));
  if (jobs->empty()) return std::optional<Job>();
  return std::optional<Job>(std::move(jobs->front()));
}

Result<std::optional<JobRef>> SqliteStore::find_newest_by_key(const std::string& type,
                                                              const std::string& key,
                                                              const std::vector<JobState>& states) {
  DROVER_TRY(statement, m_db->cached(newest_by_key_sql(SqlDialect::sqlite)));
  std::optional<JobRef> newest;
  // One lookup per state: with `state IN (...)` SQLite would sort every row
  // of the key to find the newest.
  for (JobState state : states) {
    (*statement)->bind_all(type, key, state_name(state));
    Status read = for_each_row(**statement, [&newest](RowReader& row) {
      JobRef found;
      found.id = row.int64();
      found.state = parse_state(row.text()).value_or(JobState::queued);
      found.finished_at = row.optional<Millis>();
      if (!newest || found.id > newest->id) newest = found;
    });
    (*statement)->reset();
    if (!read) return read.error();
  }
  return newest;
}

Result<std::optional<JobId>> SqliteStore::find_resumable(const std::string& type,
                                                         const std::string& key) {
  DROVER_TRY(statement, m_db->cached(resumable_by_key_sql(SqlDialect::sqlite)));
  (*statement)->bind_all(type, key);
  DROVER_TRY(ids, read_ids(**statement));
  if (ids->empty()) return std::optional<JobId>();
  return std::optional<JobId>(ids->front());
}

Result<std::vector<Job>> SqliteStore::list_resumable(int limit) {
  DROVER_TRY(statement, m_db->cached(list_resumable_sql(SqlDialect::sqlite)));
  (*statement)->bind_all(std::max(limit, 0));
  Result<std::vector<Job>> jobs = read_jobs(**statement);
  if (!jobs) return jobs;
  DROVER_RETURN_IF_ERROR(attach_attempts(*jobs));
  return jobs;
}

Result<std::vector<JobId>> SqliteStore::find_expired(Millis cutoff, int keep, int limit) {
  // Jobs from the keep-th newest finished one on stay; without `keep`, all may go.
  JobId boundary = std::numeric_limits<JobId>::max();
  if (keep > 0) {
    DROVER_TRY(statement, m_db->cached(keep_boundary_sql(SqlDialect::sqlite)));
    (*statement)->bind_all(keep);
    DROVER_TRY(kept, read_ids(**statement));
    // Fewer finished jobs than `keep`: every one stays.
    if (kept->empty()) return std::vector<JobId>();
    boundary = kept->front();
  }
  DROVER_TRY(statement, m_db->cached(expired_jobs_sql(SqlDialect::sqlite)));
  (*statement)->bind_all(cutoff, boundary, std::max(limit, 0));
  return read_ids(**statement);
}

}  // namespace drover
