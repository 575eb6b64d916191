// Store: where every job, attempt and transition is kept. One interface, one
// conformance suite (tests/store), several backends (SQLite now, PostgreSQL
// later).
//
// Contract:
// - commit() applies a whole WriteBatch in one transaction or nothing of it.
//   With Durability::full the data is on disk (fsync) before it returns; that
//   is what lets the engine answer a client only after its change is safe.
//   Many changes go in one batch, so one fsync covers many jobs.
// - Reads see every committed batch.
// - A Store is used from one thread at a time; second_connection() gives one
//   for another thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/job.h"
#include "core/node.h"
#include "core/result.h"

namespace drover {

enum class Durability {
  full,     // state changes a client is told about: fsync before returning
  relaxed,  // progress: may lose the last second on power loss, never corrupts
};

// A result cache entry: a completed job's result stands for later
// submissions of the same type and canonical params.
struct CacheEntry {
  std::string type;
  std::string params;  // canonical JSON text
  JobId job_id = 0;
  Millis created_at = 0;
  Millis last_accessed = 0;
};

// A chain saved by name (`drover template save`); the chain as the user
// wrote it (DESIGN.md, "A chain file"), as JSON.
struct ChainTemplate {
  std::string name;
  Json chain;
  Millis updated_at = 0;
};

// Everything one transaction writes. Jobs are written whole (row without
// attempts and history); attempts are upserted by (job_id, n); history rows
// are appended.
struct WriteBatch {
  std::vector<Job> jobs;
  std::vector<std::pair<JobId, Attempt>> attempts;
  std::vector<std::pair<JobId, Transition>> history;
  std::vector<JobId> deleted_jobs;                         // with their attempts and history
  std::vector<std::pair<std::string, bool>> queue_pauses;  // queue name, paused
  std::vector<CacheEntry> cache_puts;                      // upserted by (type, params)
  std::vector<JobId> cache_deletes;                        // entries made from these jobs
  std::vector<std::pair<std::string, Millis>> marks;  // named times, e.g. a schedule's last run
  std::vector<ChainTemplate> template_puts;           // upserted by name
  std::vector<std::string> template_deletes;

  bool empty() const {
    return jobs.empty() && attempts.empty() && history.empty() && deleted_jobs.empty() &&
           queue_pauses.empty() && cache_puts.empty() && cache_deletes.empty() && marks.empty() &&
           template_puts.empty() && template_deletes.empty();
  }
  void clear() { *this = WriteBatch{}; }
};

// A page of jobs, newest first. `before_id` is the cursor: the smallest id of
// the previous page.
struct JobFilter {
  std::vector<JobState> states;  // empty: any
  std::optional<std::string> type;
  std::optional<std::string> key;
  std::optional<JobId> before_id;
  bool top_level = false;  // leave out chain phases (they are listed under their chain)
  int limit = 50;
};

// What the submit path needs to know of an earlier job of the same key.
struct JobRef {
  JobId id = 0;
  JobState state = JobState::queued;
  std::optional<Millis> finished_at;
};

// Jobs that finished in one time bucket, in one final state (/api/stats).
struct FinishedCount {
  Millis bucket_start = 0;  // a multiple of the bucket size
  JobState state = JobState::completed;
  std::int64_t count = 0;

  bool operator==(const FinishedCount&) const = default;
};

class Store {
 public:
  virtual ~Store() = default;

  // A new job id, larger than every id ever handed out by this store.
  virtual JobId next_job_id() = 0;

  virtual Status commit(const WriteBatch& batch, Durability durability) = 0;

  // Another connection to the same data, for a thread of its own: the
  // daemon commits on one while its event loop reads on this one. Empty when
  // the backend has no such thing (an in-memory database): commits then
  // stay on the caller's thread.
  virtual Result<std::unique_ptr<Store>> second_connection() { return std::unique_ptr<Store>(); }

  // The job with its attempts and history; nullopt when there is none.
  virtual Result<std::optional<Job>> get_job(JobId id) = 0;

  // Jobs matching the filter with their attempts, without history.
  virtual Result<std::vector<Job>> list_jobs(const JobFilter& filter) = 0;

  // The job row alone, without attempts and history; nullopt when there is none.
  virtual Result<std::optional<Job>> get_job_row(JobId id) = 0;

  // The newest job of `type` and `key` in one of `states` (dedupe): one index
  // lookup per state, however many jobs share the key.
  virtual Result<std::optional<JobRef>> find_newest_by_key(const std::string& type,
                                                           const std::string& key,
                                                           const std::vector<JobState>& states) = 0;

  // The newest resumable job of `type` and `key`: stopped (paused,
  // interrupted, failed, cancelled) with a checkpoint.
  virtual Result<std::optional<JobId>> find_resumable(const std::string& type,
                                                      const std::string& key) = 0;
  // Resumable jobs, newest first, with attempts, without history.
  virtual Result<std::vector<Job>> list_resumable(int limit) = 0;

  // Up to `limit` ids of finished jobs (completed, failed, cancelled) that
  // finished before `cutoff`, leaving out the newest `keep` finished jobs
  // whatever their age. Retention deletes them a batch at a time.
  virtual Result<std::vector<JobId>> find_expired(Millis cutoff, int keep, int limit) = 0;

  // Every job that is not finished (queued, running, paused, interrupted),
  // with attempts, handed to `each` one at a time: state by state, each
  // state in id order, read a page at a time so that a million queued jobs
  // never sit in memory at once. What the engine loads on start-up.
  virtual Status load_unfinished_jobs(const std::function<void(Job)>& each) = 0;

  // Number of jobs per state.
  virtual Result<std::map<JobState, std::int64_t>> count_jobs_by_state() = 0;

  // Number of jobs per (state, type), for /metrics; only pairs that have jobs.
  virtual Result<std::map<std::pair<JobState, std::string>, std::int64_t>>
  count_jobs_by_state_and_type() = 0;

  // Jobs finished at or after `since`, per (bucket of `bucket` ms, final
  // state), by bucket then state; only pairs that have jobs.
  virtual Result<std::vector<FinishedCount>> count_finished_since(Millis since, Millis bucket) = 0;

  // Queue name -> paused, for queues a user paused or resumed.
  virtual Result<std::map<std::string, bool>> load_queue_pauses() = 0;

  // The cache entry for (type, canonical params), if any.
  virtual Result<std::optional<CacheEntry>> find_cache(const std::string& type,
                                                       const std::string& params) = 0;
  // Every cache entry, oldest first.
  virtual Result<std::vector<CacheEntry>> list_cache() = 0;

  // Marks whose name starts with `prefix`.
  virtual Result<std::map<std::string, Millis>> load_marks(const std::string& prefix) = 0;

  // Saved chains, by name.
  virtual Result<std::vector<ChainTemplate>> list_templates() = 0;
  virtual Result<std::optional<ChainTemplate>> find_template(const std::string& name) = 0;

  // Nodes (DESIGN.md, "Several nodes"). Writes this node's row; when
  // another node declared it lost since its last beat, the time it did:
  // the attempts it ran were ended elsewhere and are no longer its own.
  virtual Result<std::optional<Millis>> beat_node(const NodeRow& row) = 0;
  // Every node's row, by name.
  virtual Result<std::vector<NodeRow>> list_nodes() = 0;
  // Declares lost every node whose lease ran out by `now` and that no one
  // declared lost yet, and returns their names: each node once, whichever
  // nodes call this at the same time, until it beats again.
  virtual Result<std::vector<std::string>> declare_lost_nodes(Millis now) = 0;
  // Running jobs, with attempts, whose current attempt node `node` runs and
  // has not ended: the attempts to end when that node is declared lost.
  virtual Result<std::vector<Job>> list_running_on_node(const std::string& node) = 0;
  // Attempts node `node` ran that another node ended (with neither exit code
  // nor signal) at or after `since`, with their job ids: the shims a node
  // back from a lost lease must stop.
  virtual Result<std::vector<std::pair<JobId, Attempt>>> list_attempts_ended_elsewhere(
      const std::string& node, Millis since) = 0;
};

// Opens (creating if needed) the SQLite store at `path` and brings its schema
// up to date.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path);

}  // namespace drover
