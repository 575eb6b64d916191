#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>

#include "store/job_columns.h"
#include "store/job_queries.h"
#include "store/setting_rows.h"
#include "store/sqlite/bind_values.h"
#include "store/sqlite/integrity_check.h"
#include "store/sqlite/migrations.h"

namespace drover {
namespace {

namespace fs = std::filesystem;

// A writer waits this long for another connection's write lock before failing.
constexpr int kBusyTimeoutMs = 5000;
// A passive checkpoint every so many commits, on top of SQLite's autocheckpoint
// (which only runs when a commit crosses the page threshold).
constexpr int kCommitsPerCheckpoint = 100;
constexpr int kAutocheckpointPages = 1000;
// Once checkpointed, the WAL file is truncated back to at most this size.
constexpr std::int64_t kWalSizeLimitBytes = 16 * 1024 * 1024;

constexpr std::array<JobState, 7> kAllStates{
    JobState::queued,    JobState::running, JobState::completed,  JobState::failed,
    JobState::cancelled, JobState::paused,  JobState::interrupted};

// Creates the folder and an empty, owner-only database file; SQLite then
// gives its -wal and -shm files the same mode.
Status prepare_database_file(const std::string& path) {
  std::error_code error;
  fs::path file(path);
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), error);
  if (!error && !fs::exists(file, error)) std::ofstream(file, std::ios::app).close();
  if (!error) fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, error);
  if (error) {
    return make_error(ErrorCode::io,
                      "cannot create the database {}: {}; check that its folder is writable by "
                      "this user, or choose another --state-dir",
                      path, error.message());
  }
  return {};
}

Status configure_connection(SqliteDb& db) {
  // journal_mode is the first statement that reads the file: it is where a
  // file that is not a database is noticed.
  Status set = db.exec(fmt::format("PRAGMA busy_timeout = {}", kBusyTimeoutMs));
  if (!set) return set;
  DROVER_TRY(journal_mode, db.query_text("PRAGMA journal_mode = WAL"));
  if (*journal_mode != "wal") {
    return make_error(ErrorCode::io,
                      "{} can't use write-ahead logging (journal mode stays {}); put the state "
                      "dir on a local file system",
                      db.path(), *journal_mode);
  }
  return db.exec(fmt::format(
      "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = {}; "
      "PRAGMA journal_size_limit = {}",
      kAutocheckpointPages, kWalSizeLimitBytes));
}

// Binds what list_jobs_sql() may use: ?1 type, ?2 key, ?3 before_id, ?4 limit.
void bind_list_filter(Statement& statement, const JobFilter& filter) {
  statement.bind_all(filter.type, filter.key, filter.before_id, std::max(filter.limit, 0));
}

std::vector<JobState> unfinished_states() {
  std::vector<JobState> states;
  for (JobState state : kAllStates) {
    if (!is_finished(state)) states.push_back(state);
  }
  return states;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  DROVER_RETURN_IF_ERROR(prepare_database_file(path));
  DROVER_TRY(db, SqliteDb::open(path));
  DROVER_RETURN_IF_ERROR(configure_connection(**db));
  DROVER_RETURN_IF_ERROR(check_integrity(**db));
  DROVER_RETURN_IF_ERROR(migrate_schema(**db));
  DROVER_TRY(last_id, (*db)->query_int(
                          "SELECT MAX((SELECT value FROM meta WHERE name = 'job_id_high_water'), "
                          "COALESCE((SELECT MAX(id) FROM jobs), 0))"));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(*db), *last_id));
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
  DROVER_TRY(store, SqliteStore::open(path));
  return std::unique_ptr<Store>(std::move(*store));
}

JobId SqliteStore::next_job_id() { return ++m_last_id; }

// The file is checked and migrated already: the new connection only needs
// the same settings. WAL lets the first one read while this one writes.
Result<std::unique_ptr<Store>> SqliteStore::second_connection() {
  const std::string& path = m_db->path();
  if (path.empty() || path == ":memory:") return std::unique_ptr<Store>();
  DROVER_TRY(db, SqliteDb::open(path));
  DROVER_RETURN_IF_ERROR(configure_connection(**db));
  return std::unique_ptr<Store>(new SqliteStore(std::move(*db), m_last_id));
}

// --- writes ---------------------------------------------------------------

Status SqliteStore::commit(const WriteBatch& batch, Durability durability) {
  if (batch.empty()) return {};
  DROVER_RETURN_IF_ERROR(use_durability(durability));
  DROVER_TRY(transaction, Transaction::begin_immediate(*m_db));
  DROVER_RETURN_IF_ERROR(apply(batch));  // rolled back
  DROVER_RETURN_IF_ERROR(transaction->commit());
  // Jobs written with ids the caller chose must not be handed out again.
  for (const Job& job : batch.jobs) m_last_id = std::max(m_last_id, job.id);
  checkpoint_when_due();
  return {};
}

Status SqliteStore::use_durability(Durability durability) {
  if (m_durability == durability) return {};
  // `synchronous` can't change inside a transaction; commit() calls this first.
  Status set = m_db->exec(durability == Durability::full ? "PRAGMA synchronous = FULL"
                                                         : "PRAGMA synchronous = NORMAL");
  if (set) m_durability = durability;
  return set;
}

// Deletes go last, so a batch that writes and then deletes a job leaves no trace.
Status SqliteStore::apply(const WriteBatch& batch) {
  DROVER_RETURN_IF_ERROR(write_jobs(batch));
  DROVER_RETURN_IF_ERROR(write_attempts_and_history(batch));
  DROVER_RETURN_IF_ERROR(write_cache_and_marks(batch));
  DROVER_RETURN_IF_ERROR(write_templates(batch));
  return write_deletes_and_queues(batch);
}

Status SqliteStore::write_cache_and_marks(const WriteBatch& batch) {
  Status written =
      run_for_each(*m_db,
                   "INSERT INTO cache (type, params, job_id, created_at, last_accessed) "
                   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (type, params) DO UPDATE SET "
                   "job_id = excluded.job_id, created_at = excluded.created_at, "
                   "last_accessed = excluded.last_accessed",
                   batch.cache_puts, [](Statement& statement, const CacheEntry& entry) {
                     statement.bind_all(entry.type, entry.params, entry.job_id, entry.created_at,
                                        entry.last_accessed);
                   });
  if (!written) return written;
  written = run_for_each(*m_db, "DELETE FROM cache WHERE job_id = ?1", batch.cache_deletes,
                         [](Statement& statement, JobId id) { statement.bind_all(id); });
  if (!written) return written;
  return run_for_each(*m_db,
                      "INSERT INTO meta (name, value) VALUES (?1, ?2) "
                      "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                      batch.marks, [](Statement& statement, const auto& mark) {
                        statement.bind_all(mark.first, mark.second);
                      });
}

Status SqliteStore::write_jobs(const WriteBatch& batch) {
  return run_for_each(
      *m_db, upsert_job_sql(SqlDialect::sqlite), batch.jobs,
      [](Statement& statement, const Job& job) { bind_values(statement, job_values(job)); });
}

Status SqliteStore::write_attempts_and_history(const WriteBatch& batch) {
  Status written = run_for_each(*m_db, upsert_attempt_sql(SqlDialect::sqlite), batch.attempts,
                                [](Statement& statement, const auto& entry) {
                                  bind_values(statement, attempt_values(entry.first, entry.second));
                                });
  if (!written) return written;
  return run_for_each(*m_db, insert_transition_sql(SqlDialect::sqlite), batch.history,
                      [](Statement& statement, const auto& entry) {
                        bind_values(statement, transition_values(entry.first, entry.second));
                      });
}

Status SqliteStore::write_deletes_and_queues(const WriteBatch& batch) {
  Status written = run_for_each(*m_db,
                                "INSERT INTO queues (name, paused) VALUES (?1, ?2) "
                                "ON CONFLICT (name) DO UPDATE SET paused = excluded.paused",
                                batch.queue_pauses, [](Statement& statement, const auto& entry) {
                                  statement.bind_all(entry.first, entry.second);
                                });
  if (!written) return written;
  // Attempts and history go with the job (ON DELETE CASCADE).
  return run_for_each(*m_db, "DELETE FROM jobs WHERE id = ?1", batch.deleted_jobs,
                      [](Statement& statement, JobId id) { statement.bind_all(id); });
}

void SqliteStore::checkpoint_when_due() {
  if (++m_commits_since_checkpoint < kCommitsPerCheckpoint) return;
  m_commits_since_checkpoint = 0;
  // PASSIVE never waits for readers; a busy result just means "next time".
  (void)m_db->exec("PRAGMA wal_checkpoint(PASSIVE)");
}

// --- reads ----------------------------------------------------------------

Result<std::vector<Job>> SqliteStore::read_jobs(Statement& statement) {
  std::vector<Job> jobs;
  Status read = for_each_row(statement, [&jobs](RowReader& row) -> Status {
    DROVER_TRY(job, read_job(row));
    jobs.push_back(std::move(*job));
    return {};
  });
  if (!read) return read.error();
  return jobs;
}

Status SqliteStore::attach_attempts(std::vector<Job>& jobs) {
  if (jobs.empty()) return {};
  std::unordered_map<JobId, Job*> by_id;
  std::vector<JobId> ids;
  for (Job& job : jobs) {
    by_id.emplace(job.id, &job);
    ids.push_back(job.id);
  }
  DROVER_TRY(statement, m_db->cached(attempts_of_jobs_sql(SqlDialect::sqlite)));
  (*statement)->bind_all(id_list_parameter(ids, SqlDialect::sqlite));
  return for_each_row(**statement, [&by_id](RowReader& row) {
    JobId job_id = row.int64();
    by_id.at(job_id)->attempts.push_back(read_attempt(row));
  });
}

Status SqliteStore::attach_history(Job& job) {
  DROVER_TRY(statement, m_db->cached(history_of_job_sql(SqlDialect::sqlite)));
  (*statement)->bind_all(job.id);
  return for_each_row(**statement, [&job](RowReader& row) {
    row.int64();  // job_id
    job.history.push_back(read_transition(row));
  });
}

Result<std::optional<Job>> SqliteStore::get_job(JobId id) {
  Result<std::optional<Job>> job = get_job_row(id);
  if (!job || !job->has_value()) return job;
  std::vector<Job> one{std::move(**job)};
  DROVER_RETURN_IF_ERROR(attach_attempts(one));
  DROVER_RETURN_IF_ERROR(attach_history(one.front()));
  return std::optional<Job>(std::move(one.front()));
}

Result<std::vector<Job>> SqliteStore::list_jobs(const JobFilter& requested) {
  JobFilter filter = without_repeated_states(requested);
  DROVER_TRY(statement, m_db->cached(list_jobs_sql(filter, SqlDialect::sqlite)));
  bind_list_filter(**statement, filter);
  Result<std::vector<Job>> jobs = read_jobs(**statement);
  if (!jobs) return jobs;
  DROVER_RETURN_IF_ERROR(attach_attempts(*jobs));
  return jobs;
}

Status SqliteStore::load_unfinished_jobs(const std::function<void(Job)>& each) {
  constexpr int kPage = 1000;
  DROVER_TRY(statement, m_db->cached(fmt::format(
                            "SELECT {} FROM jobs WHERE state = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
                            job_columns())));
  for (JobState state : unfinished_states()) {
    JobId after = 0;
    for (;;) {
      (*statement)->bind_all(state_name(state), after, kPage);
      Result<std::vector<Job>> page = read_jobs(**statement);
      (*statement)->reset();
      if (!page) return page.error();
      if (page->empty()) break;
      DROVER_RETURN_IF_ERROR(attach_attempts(*page));
      after = page->back().id;
      for (Job& job : *page) each(std::move(job));
    }
  }
  return {};
}

Result<std::map<JobState, std::int64_t>> SqliteStore::count_jobs_by_state() {
  Result<ScopedStatement> statement =
      m_db->cached("SELECT state, count FROM job_counts WHERE count > 0");
  if (!statement) return statement.error();
  std::map<JobState, std::int64_t> counts;
  Status read = for_each_row(**statement, [&counts](RowReader& row) {
    std::optional<JobState> state = parse_state(row.text());
    if (state) counts[*state] = row.int64();
  });
  if (!read) return read.error();
  return counts;
}

Result<std::map<std::string, bool>> SqliteStore::load_queue_pauses() {
  DROVER_TRY(statement, m_db->cached("SELECT name, paused FROM queues"));
  std::map<std::string, bool> pauses;
  Status read = for_each_row(**statement, [&pauses](RowReader& row) {
    std::string name = row.text();
    pauses[name] = row.boolean();
  });
  if (!read) return read.error();
  return pauses;
}

Result<std::optional<CacheEntry>> SqliteStore::find_cache(const std::string& type,
                                                          const std::string& params) {
  DROVER_TRY(statement,
             m_db->cached(fmt::format("SELECT {} FROM cache WHERE type = ?1 AND params = ?2",
                                      kCacheColumns)));
  (**statement).bind_all(type, params);
  std::optional<CacheEntry> found;
  Status read =
      for_each_row(**statement, [&found](RowReader& row) { found = read_cache_entry(row); });
  if (!read) return read.error();
  return found;
}

Result<std::vector<CacheEntry>> SqliteStore::list_cache() {
  DROVER_TRY(statement,
             m_db->cached(fmt::format("SELECT {} FROM cache ORDER BY created_at", kCacheColumns)));
  std::vector<CacheEntry> entries;
  Status read = for_each_row(
      **statement, [&entries](RowReader& row) { entries.push_back(read_cache_entry(row)); });
  if (!read) return read.error();
  return entries;
}

Result<std::map<std::string, Millis>> SqliteStore::load_marks(const std::string& prefix) {
  Result<ScopedStatement> statement =
      m_db->cached("SELECT name, value FROM meta WHERE substr(name, 1, length(?1)) = ?1");
  if (!statement) return statement.error();
  (**statement).bind_all(prefix);
  std::map<std::string, Millis> marks;
  Status read = for_each_row(**statement, [&marks](RowReader& row) {
    std::string name = row.text();
    marks[name] = row.int64();
  });
  if (!read) return read.error();
  return marks;
}

}  // namespace drover
