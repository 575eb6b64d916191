// PostgresStore: the narrow reads of the submit path (dedupe, resumable
// check, cache source) and of retention, each a statement of job_queries.h
// that walks an index to at most a page of rows.
#include <limits>

#include "store/job_columns.h"
#include "store/job_queries.h"
#include "store/postgres/postgres_store.h"

namespace drover {
namespace {

constexpr SqlDialect kPg = SqlDialect::postgres;

}  // namespace

Result<std::vector<JobId>> PostgresStore::read_ids(const std::string& sql,
                                                   const ColumnValues& params) {
  DROVER_TRY(result, m_db->query(sql, params));
  std::vector<JobId> ids;
  (void)for_each_row(*result, [&ids](PgRowReader& row) { ids.push_back(row.int64()); });
  return ids;
}

Result<std::optional<Job>> PostgresStore::get_job_row(JobId id) {
  DROVER_TRY(jobs, read_jobs(job_by_id_sql(kPg), {id}));
  if (jobs->empty()) return std::optional<Job>();
  return std::optional<Job>(std::move(jobs->front()));
}

Result<std::optional<JobRef>> PostgresStore::find_newest_by_key(
    const std::string& type, const std::string& key, const std::vector<JobState>& states) {
  std::optional<JobRef> newest;
  // One index lookup per state, as in SQLite: each reads one row.
  for (JobState state : states) {
    DROVER_TRY(result,
               m_db->query(newest_by_key_sql(kPg), {type, key, std::string(state_name(state))}));
    (void)for_each_row(*result, [&newest](PgRowReader& row) {
      JobRef found;
      found.id = row.int64();
      found.state = parse_state(row.text()).value_or(JobState::queued);
      found.finished_at = row.optional<Millis>();
      if (!newest || found.id > newest->id) newest = found;
    });
  }
  return newest;
}

Result<std::optional<JobId>> PostgresStore::find_resumable(const std::string& type,
                                                           const std::string& key) {
  DROVER_TRY(ids, read_ids(resumable_by_key_sql(kPg), {type, key}));
  if (ids->empty()) return std::optional<JobId>();
  return std::optional<JobId>(ids->front());
}

Result<std::vector<Job>> PostgresStore::list_resumable(int limit) {
  Result<std::vector<Job>> jobs =
      read_jobs(list_resumable_sql(kPg), {std::int64_t{std::max(limit, 0)}});
  if (!jobs) return jobs;
  DROVER_RETURN_IF_ERROR(attach_attempts(*jobs));
  return jobs;
}

Result<std::vector<JobId>> PostgresStore::find_expired(Millis cutoff, int keep, int limit) {
  // Jobs from the keep-th newest finished one on stay; without `keep`, all may go.
  JobId boundary = std::numeric_limits<JobId>::max();
  if (keep > 0) {
    DROVER_TRY(kept, read_ids(keep_boundary_sql(kPg), {std::int64_t{keep}}));
    // Fewer finished jobs than `keep`: every one stays.
    if (kept->empty()) return std::vector<JobId>();
    boundary = kept->front();
  }
  return read_ids(expired_jobs_sql(kPg), {cutoff, boundary, std::int64_t{std::max(limit, 0)}});
}

}  // namespace drover
