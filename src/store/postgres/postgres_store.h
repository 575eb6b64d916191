// The PostgreSQL Store: the store several nodes share (DESIGN.md, "Several
// nodes"). Same contract and conformance suite as the SQLite store.
//
// - Every commit is one transaction, its statements pipelined a page at a
//   time (a batch of 1,000 jobs is one round trip, not 1,000).
//   Durability::full commits wait for the WAL flush (synchronous_commit on);
//   relaxed ones don't (synchronous_commit off for that transaction: may lose
//   the last commits on a server crash, never corrupts).
// - Job ids come from the sequence job_ids, so nodes never hand out the same
//   id; ids written by a caller raise the sequence past them.
// - A connection the server closed (a restart) is reopened by the next call.
// - The connection string may hold a password: only its redacted form
//   (store_location.h) appears in messages.
// Not thread-safe: used from one thread (the daemon's event loop).
#pragma once

#include <memory>
#include <string>

#include "store/postgres/pg_connection.h"
#include "store/store.h"

namespace drover {

class PostgresStore final : public Store {
 public:
  // Connects and brings the schema up to date.
  static Result<std::unique_ptr<PostgresStore>> open(const std::string& location);

  JobId next_job_id() override;
  // Ids up to `taken` are in use elsewhere: next_job_id() returns larger
  // ones from now on. Returns whether that raised the sequence.
  Result<bool> reserve_job_ids_through(JobId taken);
  Status commit(const WriteBatch& batch, Durability durability) override;
  Result<std::unique_ptr<Store>> second_connection() override;
  Result<std::optional<Job>> get_job(JobId id) override;
  Result<std::vector<Job>> list_jobs(const JobFilter& requested) override;
  Status load_unfinished_jobs(const std::function<void(Job)>& each) override;
  // The narrow reads of the submit path and retention: postgres_store_lookups.cc.
  Result<std::optional<Job>> get_job_row(JobId id) override;
  Result<std::optional<JobRef>> find_newest_by_key(const std::string& type, const std::string& key,
                                                   const std::vector<JobState>& states) override;
  Result<std::optional<JobId>> find_resumable(const std::string& type,
                                              const std::string& key) override;
  Result<std::vector<Job>> list_resumable(int limit) override;
  Result<std::vector<JobId>> find_expired(Millis cutoff, int keep, int limit) override;
  // Counts: postgres_store_counts.cc.
  Result<std::map<JobState, std::int64_t>> count_jobs_by_state() override;
  Result<std::map<std::pair<JobState, std::string>, std::int64_t>> count_jobs_by_state_and_type()
      override;
  Result<std::vector<FinishedCount>> count_finished_since(Millis since, Millis bucket) override;
  // Queue pauses, cache, marks and templates: postgres_store_settings.cc.
  Result<std::map<std::string, bool>> load_queue_pauses() override;
  Result<std::optional<CacheEntry>> find_cache(const std::string& type,
                                               const std::string& params) override;
  Result<std::vector<CacheEntry>> list_cache() override;
  Result<std::map<std::string, Millis>> load_marks(const std::string& prefix) override;
  Result<std::vector<ChainTemplate>> list_templates() override;
  Result<std::optional<ChainTemplate>> find_template(const std::string& name) override;
  // Nodes: postgres_store_nodes.cc.
  Result<std::optional<Millis>> beat_node(const NodeRow& row) override;
  Result<std::vector<NodeRow>> list_nodes() override;
  Result<std::vector<std::string>> declare_lost_nodes(Millis now) override;
  Result<std::vector<Job>> list_running_on_node(const std::string& node) override;
  Result<std::vector<std::pair<JobId, Attempt>>> list_attempts_ended_elsewhere(
      const std::string& node, Millis since) override;

  // The connection, for tests that end it or EXPLAIN queries.
  PgConnection& db() { return *m_db; }

 private:
  explicit PostgresStore(std::unique_ptr<PgConnection> db) : m_db(std::move(db)) {}

  // The statements of a batch, in the order SqliteStore::apply writes them.
  std::vector<PgCommand> commands_of(const WriteBatch& batch) const;
  // Commands for the settings tables (queues, cache, marks, templates).
  void add_setting_commands(const WriteBatch& batch, std::vector<PgCommand>& commands) const;

  // Runs `sql` whose rows are job_columns() and reads every row.
  Result<std::vector<Job>> read_jobs(const std::string& sql, const ColumnValues& params,
                                     const std::vector<PgOid>& types = {});
  // Fills in the attempts of `jobs` with one query.
  Status attach_attempts(std::vector<Job>& jobs);
  Status attach_history(Job& job);
  // Runs `sql` whose rows start with a job id; returns those ids.
  Result<std::vector<JobId>> read_ids(const std::string& sql, const ColumnValues& params);

  std::unique_ptr<PgConnection> m_db;
  JobId m_largest_id_handed_out = 0;
};

// Opens the PostgreSQL store at `location` (a postgresql:// connection
// string) and brings its schema up to date.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& location);

}  // namespace drover
