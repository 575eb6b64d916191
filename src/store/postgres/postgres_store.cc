#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <array>
#include <unordered_map>

#include <fmt/format.h>

#include "store/job_columns.h"
#include "store/job_queries.h"
#include "store/postgres/postgres_migrations.h"

namespace drover {
namespace {

constexpr SqlDialect kPg = SqlDialect::postgres;

constexpr std::array<JobState, 4> kUnfinishedStates{JobState::queued, JobState::running,
                                                    JobState::paused, JobState::interrupted};

// Raises the sequence to `$1` when it is behind (is_called: `last_value` was
// handed out); returns a row when it did.
const std::string kRaiseJobIds =
    "SELECT setval('job_ids', $1::bigint) FROM job_ids "
    "WHERE $1::bigint >= CASE WHEN is_called THEN last_value + 1 ELSE last_value END";

const std::string kDeleteJob = "DELETE FROM jobs WHERE id = $1";

// The parameters of list_jobs_sql() are typed: a filter may leave any unused.
const std::vector<PgOid> kListFilterTypes{kPgText, kPgText, kPgInt8, kPgInt8};

ColumnValues list_filter_values(const JobFilter& filter) {
  auto text = [](const std::optional<std::string>& value) -> ColumnValue {
    if (value) return *value;
    return nullptr;
  };
  return {text(filter.type), text(filter.key),
          filter.before_id ? ColumnValue(*filter.before_id) : nullptr,
          std::int64_t{std::max(filter.limit, 0)}};
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const std::string& location) {
  DROVER_TRY(db, PgConnection::open(location));
  DROVER_RETURN_IF_ERROR(migrate_postgres_schema(**db));
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(*db)));
}

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& location) {
  DROVER_TRY(store, PostgresStore::open(location));
  return std::unique_ptr<Store>(std::move(*store));
}

// The schema is migrated already; ids still come from the one sequence.
Result<std::unique_ptr<Store>> PostgresStore::second_connection() {
  DROVER_TRY(db, m_db->reopen());
  return std::unique_ptr<Store>(new PostgresStore(std::move(*db)));
}

JobId PostgresStore::next_job_id() {
  // The interface has no room for an error: a failed call yields 0, which no
  // job has, and the commit that writes it then fails (ids start at 1).
  Result<PgResult> next = m_db->query("SELECT nextval('job_ids')");
  JobId id = 0;
  if (next) (void)for_each_row(*next, [&id](PgRowReader& row) { id = row.int64(); });
  m_largest_id_handed_out = std::max(m_largest_id_handed_out, id);
  return id;
}

Result<bool> PostgresStore::reserve_job_ids_through(JobId taken) {
  DROVER_TRY(raised, m_db->query(kRaiseJobIds, {taken}));
  return raised->rows() > 0;
}

// --- writes ---------------------------------------------------------------

Status PostgresStore::commit(const WriteBatch& batch, Durability durability) {
  if (batch.empty()) return {};
  for (const Job& job : batch.jobs) {
    if (job.id <= 0) {
      return make_error(ErrorCode::internal,
                        "job id {} is not valid (was PostgreSQL down when it "
                        "was handed out?)",
                        job.id);
    }
  }
  return m_db->run_in_transaction(commands_of(batch), durability == Durability::full);
}

// Deletes go last, so a batch that writes and then deletes a job leaves no trace.
std::vector<PgCommand> PostgresStore::commands_of(const WriteBatch& batch) const {
  std::vector<PgCommand> commands;
  JobId largest = 0;
  for (const Job& job : batch.jobs) {
    commands.push_back({&upsert_job_sql(kPg), job_values(job)});
    largest = std::max(largest, job.id);
  }
  // Ids the caller chose must not be handed out again.
  if (largest > m_largest_id_handed_out) commands.push_back({&kRaiseJobIds, {largest}});
  for (const auto& [job_id, attempt] : batch.attempts) {
    commands.push_back({&upsert_attempt_sql(kPg), attempt_values(job_id, attempt)});
  }
  for (const auto& [job_id, transition] : batch.history) {
    commands.push_back({&insert_transition_sql(kPg), transition_values(job_id, transition)});
  }
  add_setting_commands(batch, commands);
  // Attempts, history and cache entries go with the job (ON DELETE CASCADE).
  for (JobId id : batch.deleted_jobs) commands.push_back({&kDeleteJob, {id}});
  return commands;
}

// --- reads ----------------------------------------------------------------

Result<std::vector<Job>> PostgresStore::read_jobs(const std::string& sql,
                                                  const ColumnValues& params,
                                                  const std::vector<PgOid>& types) {
  DROVER_TRY(result, m_db->query(sql, params, types));
  std::vector<Job> jobs;
  jobs.reserve(static_cast<std::size_t>(result->rows()));
  Status read = for_each_row(*result, [&jobs](PgRowReader& row) -> Status {
    DROVER_TRY(job, read_job(row));
    jobs.push_back(std::move(*job));
    return {};
  });
  if (!read) return read.error();
  return jobs;
}

Status PostgresStore::attach_attempts(std::vector<Job>& jobs) {
  if (jobs.empty()) return {};
  std::unordered_map<JobId, Job*> by_id;
  std::vector<JobId> ids;
  for (Job& job : jobs) {
    by_id.emplace(job.id, &job);
    ids.push_back(job.id);
  }
  DROVER_TRY(result, m_db->query(attempts_of_jobs_sql(kPg), {id_list_parameter(ids, kPg)}));
  return for_each_row(*result, [&by_id](PgRowReader& row) {
    JobId job_id = row.int64();
    by_id.at(job_id)->attempts.push_back(read_attempt(row));
  });
}

Status PostgresStore::attach_history(Job& job) {
  DROVER_TRY(result, m_db->query(history_of_job_sql(kPg), {job.id}));
  return for_each_row(*result, [&job](PgRowReader& row) {
    row.int64();  // job_id
    job.history.push_back(read_transition(row));
  });
}

Result<std::optional<Job>> PostgresStore::get_job(JobId id) {
  Result<std::optional<Job>> job = get_job_row(id);
  if (!job || !job->has_value()) return job;
  std::vector<Job> one{std::move(**job)};
  DROVER_RETURN_IF_ERROR(attach_attempts(one));
  DROVER_RETURN_IF_ERROR(attach_history(one.front()));
  return std::optional<Job>(std::move(one.front()));
}

Result<std::vector<Job>> PostgresStore::list_jobs(const JobFilter& requested) {
  JobFilter filter = without_repeated_states(requested);
  Result<std::vector<Job>> jobs =
      read_jobs(list_jobs_sql(filter, kPg), list_filter_values(filter), kListFilterTypes);
  if (!jobs) return jobs;
  DROVER_RETURN_IF_ERROR(attach_attempts(*jobs));
  return jobs;
}

Status PostgresStore::load_unfinished_jobs(const std::function<void(Job)>& each) {
  constexpr int kPage = 1000;
  static const std::string sql = fmt::format(
      "SELECT {} FROM jobs WHERE state = $1 AND id > $2 ORDER BY id LIMIT $3", job_columns());
  for (JobState state : kUnfinishedStates) {
    JobId after = 0;
    for (;;) {
      Result<std::vector<Job>> page =
          read_jobs(sql, {std::string(state_name(state)), after, std::int64_t{kPage}});
      if (!page) return page.error();
      if (page->empty()) break;
      DROVER_RETURN_IF_ERROR(attach_attempts(*page));
      after = page->back().id;
      for (Job& job : *page) each(std::move(job));
    }
  }
  return {};
}

}  // namespace drover
