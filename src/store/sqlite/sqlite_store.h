// The SQLite Store: one database file in WAL mode, so that readers (the CLI's
// daemon, a second process inspecting the file) never block the writer.
//
// - Every commit is one BEGIN IMMEDIATE transaction; Durability::full commits
//   run with `synchronous=FULL` (the WAL is fsynced before commit returns),
//   relaxed ones with NORMAL (may lose the last commits on power loss, never
//   corrupts). The pragma is switched only when the durability changes.
// - The WAL is checkpointed actively (autocheckpoint, plus a passive
//   checkpoint every few commits, and a size limit for the file once reset).
// - Job ids come from an in-memory counter that starts above the largest id
//   ever stored (kept by a trigger), so ids are never reused.
// Not thread-safe: used from one thread (the daemon's event loop).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/column_value.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace drover {

class SqliteStore final : public Store {
 public:
  // Creates the parent folder and the file (mode 0600) when missing, then
  // brings the schema up to date.
  static Result<std::unique_ptr<SqliteStore>> open(const std::string& path);

  JobId next_job_id() override;
  // Ids up to `taken` are in use outside the store (job folders left by a
  // database that was moved aside): next_job_id() returns larger ones from
  // now on. Returns whether that raised the next id. sqlite_store_ids.cc
  bool reserve_job_ids_through(JobId taken);
  Status commit(const WriteBatch& batch, Durability durability) override;
  Result<std::unique_ptr<Store>> second_connection() override;
  Result<std::optional<Job>> get_job(JobId id) override;
  Result<std::vector<Job>> list_jobs(const JobFilter& requested) override;
  Status load_unfinished_jobs(const std::function<void(Job)>& each) override;
  // The narrow reads of the submit path and retention: sqlite_store_lookups.cc.
  Result<std::optional<Job>> get_job_row(JobId id) override;
  Result<std::optional<JobRef>> find_newest_by_key(const std::string& type, const std::string& key,
                                                   const std::vector<JobState>& states) override;
  Result<std::optional<JobId>> find_resumable(const std::string& type,
                                              const std::string& key) override;
  Result<std::vector<Job>> list_resumable(int limit) override;
  Result<std::vector<JobId>> find_expired(Millis cutoff, int keep, int limit) override;
  Result<std::map<JobState, std::int64_t>> count_jobs_by_state() override;
  Result<std::map<std::pair<JobState, std::string>, std::int64_t>> count_jobs_by_state_and_type()
      override;  // sqlite_store_counts.cc
  Result<std::vector<FinishedCount>> count_finished_since(
      Millis since, Millis bucket) override;  // sqlite_store_counts.cc
  Result<std::map<std::string, bool>> load_queue_pauses() override;
  Result<std::optional<CacheEntry>> find_cache(const std::string& type,
                                               const std::string& params) override;
  Result<std::vector<CacheEntry>> list_cache() override;
  Result<std::map<std::string, Millis>> load_marks(const std::string& prefix) override;
  Result<std::vector<ChainTemplate>> list_templates() override;
  Result<std::optional<ChainTemplate>> find_template(const std::string& name) override;
  // Nodes: sqlite_store_nodes.cc.
  Result<std::optional<Millis>> beat_node(const NodeRow& row) override;
  Result<std::vector<NodeRow>> list_nodes() override;
  Result<std::vector<std::string>> declare_lost_nodes(Millis now) override;
  Result<std::vector<Job>> list_running_on_node(const std::string& node) override;
  Result<std::vector<std::pair<JobId, Attempt>>> list_attempts_ended_elsewhere(
      const std::string& node, Millis since) override;

  // The connection, for tests that inspect pragmas.
  SqliteDb& db() { return *m_db; }

 private:
  SqliteStore(std::unique_ptr<SqliteDb> db, JobId last_id)
      : m_db(std::move(db)), m_last_id(last_id) {}

  Status use_durability(Durability durability);
  Status apply(const WriteBatch& batch);
  Status write_jobs(const WriteBatch& batch);
  Status write_attempts_and_history(const WriteBatch& batch);
  Status write_deletes_and_queues(const WriteBatch& batch);
  Status write_cache_and_marks(const WriteBatch& batch);
  Status write_templates(const WriteBatch& batch);  // sqlite_store_templates.cc
  void checkpoint_when_due();
  // Runs `sql` with `values` to its end; the number of rows it returned.
  Result<int> count_rows(const std::string& sql, const ColumnValues& values);

  // Runs a statement returning job_columns() rows and reads every row.
  Result<std::vector<Job>> read_jobs(Statement& statement);
  // Fills in the attempts of `jobs` with one query.
  Status attach_attempts(std::vector<Job>& jobs);
  Status attach_history(Job& job);
  // Runs a statement whose rows start with a job id; returns those ids.
  Result<std::vector<JobId>> read_ids(Statement& statement);

  std::unique_ptr<SqliteDb> m_db;
  JobId m_last_id;
  std::optional<Durability> m_durability;  // what `synchronous` is set to
  int m_commits_since_checkpoint = 0;
};

}  // namespace drover
