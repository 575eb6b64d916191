// Engine: the heart of the daemon. It keeps every unfinished job in memory,
// decides what starts (Scheduler), runs attempts (Launcher), applies their
// events and exits, and writes every change through GroupCommit.
//
// Promises:
// - Every state change goes through check_transition and is stored with its
//   time and reason; an answer that reports a change is sent after the
//   change is durable.
// - An attempt is stored as running before its shim is spawned, and every
//   event or exit is checked against the attempt's token, so a late write of
//   an old attempt never touches a newer one.
// - It knows nothing of HTTP: the API layer calls these methods.
//
// Thread-safety: everything runs on the io_context's thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/chain_validation.h"
#include "core/config.h"
#include "core/job.h"
#include "core/rate_tracker.h"
#include "exec/attempt_runner.h"
#include "exec/log_reader.h"
#include "os/folder_reaper.h"
#include "sched/chain_runner.h"
#include "sched/engine_stats.h"
#include "sched/group_commit.h"
#include "sched/job_action.h"
#include "sched/job_admission.h"
#include "sched/schedule_book.h"
#include "sched/scheduler.h"
#include "sched/timers.h"
#include "sched/worker_pool.h"
#include "store/store.h"

namespace drover {

template <typename T>
using Reply = std::function<void(Result<T>)>;

// A chain as submitted: its parent job and what validation warned about.
struct ChainSubmitted {
  Job parent;
  ChainReport report;
};

// `drover clean`: finished jobs older than `older_than`, keeping the newest `keep`.
struct CleanRequest {
  Millis older_than = 0;
  int keep = 0;
  bool dry_run = false;
};

struct ListRequest {
  JobFilter filter;
  bool recent_only = false;  // active jobs plus the last 10 finished (`drover ls`)
};

struct JobPage {
  std::vector<Job> jobs;
  std::optional<JobId> next_cursor;
};

class Engine {
 public:
  struct Options {
    std::filesystem::path state_dir;
    std::filesystem::path shim_path;
    std::string node;
    // Seams for tests. Empty: a Launcher (a shim per attempt), AsioTimers on
    // the io_context, a seed from std::random_device.
    std::function<std::unique_ptr<AttemptRunner>(AttemptCallbacks)> make_runner;
    // Called before an attempt's start, events or exit is applied: a node
    // whose lease may have run out (stopped, its loop stuck) learns whether
    // it was declared lost before it writes about an attempt (engine_nodes.cc).
    std::function<void()> confirm_lease;
    // Other nodes share the store: their running attempts are theirs to
    // follow, not this daemon's to reconcile at start-up.
    bool shared_store = false;
    Timers* timers = nullptr;
    std::optional<std::uint64_t> random_seed;
    // A second connection to the store (Store::second_connection()): commits
    // then run on a thread of their own while the loop goes on. Without
    // one they run on the loop's thread.
    std::unique_ptr<Store> commit_store;
  };

  Engine(boost::asio::io_context& io, Store& store, Config config, const Clock& clock,
         Options options);
  ~Engine();

  // Loads unfinished jobs, reconciles attempts left running by an earlier
  // daemon (exited / re-adopted / interrupted / never started), schedules.
  Status start();
  // Commits what is pending and stops following shims; jobs keep running.
  void shutdown();
  // Replaces the config; queues and types change, running jobs do not.
  // Refused (the old config kept) when the schedules' marks cannot be read.
  Status reload(Config config);

  void submit(SubmitRequest request, Reply<Job> reply);
  // Validates the chain, then stores its parent and submits its first phase.
  void submit_chain(ChainSpec chain, Reply<ChainSubmitted> reply);
  ChainReport validate(const ChainSpec& chain) const { return validate_chain(chain, m_config); }
  // Saved chains (engine_templates.cc).
  Result<std::vector<ChainTemplate>> templates();
  Result<ChainTemplate> find_template(const std::string& name);
  void save_template(std::string name, ChainSpec chain, Reply<ChainTemplate> reply);
  void delete_template(std::string name, Reply<std::string> reply);
  // All or nothing: when one request is invalid, none is stored.
  void submit_many(std::vector<SubmitRequest> requests, Reply<std::vector<Job>> reply);
  void act(JobId id, JobAction action, Reply<Job> reply);
  void remove(JobId id, Reply<JobId> reply);
  void set_queue_paused(const std::string& queue, bool paused, Reply<QueueStatus> reply);
  // Changes a queue's limit until the next reload or restart (drover.toml
  // stays the lasting setting); running jobs go on, more may start now.
  void set_queue_parallel(const std::string& queue, int parallel, Reply<QueueStatus> reply);
  // Removes (or with dry_run lists) the finished jobs the request names.
  void clean(CleanRequest request, Reply<std::vector<JobId>> reply);
  Result<std::vector<CacheEntry>> cache_entries();
  void remove_cache_entry(JobId source, Reply<JobId> reply);

  // The job as stored: a client is shown a final state only once it is on
  // disk.
  Result<Job> get(JobId id);
  // As get() but without the history, and from memory while the job is
  // active: what the live event feed sends on every change.
  Result<Job> snapshot(JobId id);
  Result<JobPage> list(const ListRequest& request);
  // Jobs that stopped before completing and have a checkpoint to resume from.
  Result<std::vector<Job>> resumable_jobs(int limit);
  Result<LogChunk> read_log(JobId id, std::optional<int> attempt, std::uint64_t offset,
                            std::optional<std::uint64_t> tail);
  std::vector<QueueStatus> queues() const;
  std::vector<ResourceStatus> resources() const { return m_scheduler.resources(); }
  const Config& config() const { return m_config; }
  const Clock& clock() const { return m_clock; }
  // For /metrics: counters since start, and stored jobs per (state, type).
  const EngineStats& stats() const { return m_stats; }
  Result<std::map<std::pair<JobState, std::string>, std::int64_t>> count_jobs();
  // For the web UI's summary: jobs by state, finished in the last day and per
  // minute over the last hour.
  Result<JobStats> job_stats();
  // The job's DROVER_ARTIFACTS folder (which may not exist).
  std::filesystem::path artifacts_dir(JobId id) const { return m_runner->artifacts_dir(id); }
  std::filesystem::path attempt_dir(JobId id, int n) const { return m_runner->attempt_dir(id, n); }
  const Containment& containment() const { return m_runner->containment(); }

  // Worker jobs (engine_workers.cc): a fetch answers, once stored, with the
  // attempts handed to the worker; reports are answered once stored (one
  // answer per report: conflict for an attempt the worker does not hold).
  // fetch_work returns the id of a waiting fetch (0: answered at once) for
  // abandon_fetch, when its worker goes; give_back_work offers again the
  // attempts of an answer its worker never got.
  std::uint64_t fetch_work(FetchRequest request, Reply<std::vector<Assignment>> reply);
  void abandon_fetch(std::uint64_t fetch_id);
  void give_back_work(const std::vector<Assignment>& handed);
  void report_work(std::vector<WorkerReport> reports,
                   Reply<std::vector<Result<ReportAnswer>>> reply);
  std::vector<WorkerStatus> workers() const;

  // Nodes (engine_nodes.cc). Ends, as lost, the attempts node `node` ran
  // (declared lost by this node): retried per policy, else interrupted.
  void end_attempts_of_lost_node(const std::string& node);
  // This node was declared lost at `lost_at`: stops and forgets the
  // attempts it follows that the store shows ended or replaced elsewhere,
  // and stops the shims of those ended since `lost_at` that it no longer
  // follows (a daemon restarted after its lease ran out).
  void drop_attempts_no_longer_owned(Millis lost_at);

  // `on_change(id, job)` runs once a change of job `id` (or its removal) is
  // stored; get(id) then shows it. `job` is what snapshot(id) would give
  // while the engine holds the job in memory, null otherwise (finished,
  // removed): watchers need not read back the jobs a commit just wrote.
  // Used by the live event feed.
  void watch(std::function<void(JobId, const Job*)> on_change);

 private:
  // engine.cc
  void apply_config();
  void decorate(Job& job) const;
  Job view(const Job& active) const;  // as snapshot() shows a job in memory
  std::optional<std::string> wait_reason(const Job& job) const;           // while queued
  std::optional<std::string> chain_wait_reason(const Job& parent) const;  // engine_chains.cc
  // A conflict when `job` is a phase of a chain still active; ok otherwise.
  Status refuse_live_phase_removal(const Job& job) const;  // engine_chains.cc
  void notify_watchers(const WriteBatch& batch);
  // Queued jobs live as the scheduler's compact entries once stored; their
  // full rows come back from the store when they start or are acted on.
  void note_parkable(const WriteBatch& batch);
  void park_queued();
  bool parkable(const Job& job) const;
  // The unfinished job, from memory or read back when parked; null when
  // there is no such unfinished job.
  Job* active_job(JobId id);
  void load_job(Job job, std::vector<JobId>& running);  // at start-up
  void schedule();
  void arm_timer();
  // engine_transitions.cc
  Status transition(Job& job, JobState to, std::string reason);
  void stage_job(const Job& job);
  void stage_attempt(const Job& job);
  void enqueue(Job& job);  // to the scheduler, or to wait for its dependencies
  void add_to_scheduler(Job& job);
  // Moves the job to a finished state and forgets it; `job` dangles after.
  void finish(Job& job, JobState to, std::string reason);
  void set_paused(Job& job, std::string reason, std::optional<Millis> resume_at);
  void resume_due_jobs();
  // engine_attempts.cc
  void start_attempts(const std::vector<JobId>& ids);
  void launch(JobId id);
  LaunchRequest launch_request(const Job& job, const Attempt& attempt);
  Status reconcile(Job& job);
  void on_started(const AttemptRef& ref, const AttemptProcess& process);
  void on_events(const AttemptRef& ref, std::vector<JobEvent> events);
  void on_exit(const AttemptRef& ref, const AttemptExit& exit);
  void conclude_attempt(Job& job, const AttemptExit& exit);
  void fail_attempt(Job& job, const std::string& reason);  // then retry per policy
  void interrupt(Job& job, std::string reason);            // resumable, not retried
  void pause_by_job(Job& job);
  void arm_timeout(const Job& job);
  Job* live_attempt_job(const AttemptRef& ref);
  // engine_workers.cc
  bool runs_on_worker(const std::string& type) const;
  WorkOffer worker_offer(const Job& job, const Attempt& attempt) const;
  Status check_worker_types(const std::vector<std::string>& types) const;
  void hand_out(const WorkerIdentity& worker, std::vector<Assignment> taken,
                const Reply<std::vector<Assignment>>& reply);
  Status reconcile_worker(Job& job);
  // engine_nodes.cc
  bool runs_on_another_node(const Job& job) const;
  bool owned_in_store(const Job& job);  // its attempt is still the job's current one
  void forget_attempt_ended_elsewhere(Job& job);
  void stop_shims_ended_elsewhere(Millis since, const std::set<std::pair<JobId, int>>& stopped);
  void confirm_lease() const {
    if (m_options.confirm_lease) m_options.confirm_lease();
  }
  // engine_stats.cc
  void count_events(std::size_t count);
  void observe_attempt_end(const Attempt& attempt);
  // engine_schedules.cc
  Status start_schedules();
  void arm_schedules();
  void fire_schedule(const ScheduleConfig& schedule, Millis now);
  // engine_retention.cc
  void arm_retention();
  // Deletes the finished jobs that finished before `cutoff` (but the newest
  // `keep`), a batch per commit, then replies with all their ids.
  void clean_in_batches(Millis cutoff, int keep, std::shared_ptr<std::vector<JobId>> removed,
                        Reply<std::vector<JobId>> reply);
  void drop_stale_checkpoints();
  void remove_job_folder(JobId id);
  // engine_dependencies.cc
  struct Screened;
  Status link_dependencies(const std::vector<SubmitRequest>& requests,
                           std::vector<Screened>& screened);
  std::optional<JobState> dependency_state(JobId id);  // none: no such job
  void wait_for_dependencies(const Job& job);
  // A job ended or was removed: its dependents look again.
  void release_dependents(JobId finished);
  void resolve_dependencies();
  void resolve_dependencies_of(JobId id);
  // engine_chains.cc
  bool start_phase(Job& parent);
  void note_phase_change(const Job& child);
  void follow_phases();
  void follow_phase(const PhaseUpdate& update);
  void complete_phase(Job& parent, const PhaseUpdate& update);
  void follow_state(Job& parent, JobState to, std::string reason);
  void update_chain_progress(Job& parent, const std::string& item);  // the phase's item
  Job* phase_job(Job& parent, bool load);
  Status apply_chain_action(Job& parent, JobAction action);
  Status resume_chain(Job& parent, JobAction action);
  void resync_chains();
  // engine_actions.cc
  struct Screened {
    Job job;                            // the job a submit would create
    std::optional<JobId> duplicate_of;  // or the existing job it is (unique_for)
    std::optional<Job> cached;          // or the completed job whose result it reuses
  };
  Result<Screened> screen(const SubmitRequest& request);
  Status refuse_if_resumable(const Job& job);
  Result<std::optional<JobId>> find_duplicate(const Job& job);
  // As get(), with what is staged or being committed over the stored job:
  // what the engine's own decisions go by.
  Result<Job> current(JobId id);
  static Error no_such_job(JobId id);
  Result<std::optional<JobRef>> newest_of_key(const std::string& type, const std::string& key,
                                              const std::vector<JobState>& states);
  JobId admit(Job job);  // stages a new queued job; returns its id
  // engine_cache.cc
  Result<std::optional<Job>> find_cached(const Job& job);
  JobId admit_cached(Job job, const Job& source);
  void cache_result(const Job& job);
  void drop_expired_cache();
  Status apply_action(Job& job, JobAction action);
  Status stop_running(Job& job, StopRequest request);
  Status known_queue(const std::string& queue) const;  // not_found naming the declared ones
  void commit_and_reply(JobId id, Reply<Job> reply);

  boost::asio::io_context& m_io;
  Store& m_store;
  Config m_config;
  const Clock& m_clock;
  Options m_options;
  GroupCommit m_commit;
  Scheduler m_scheduler;
  std::unique_ptr<AttemptRunner> m_runner;
  FolderReaper m_reaper;                 // job folders leave off the event loop
  std::unique_ptr<Timers> m_own_timers;  // when Options::timers is not given
  Timers& m_timers;
  std::unique_ptr<WorkerPool> m_workers;  // attempts of worker types
  Alarm m_wake;                           // the scheduler's next start or a paused job's resume
  Alarm m_retention_alarm;
  bool m_sweeping = false;  // a retention sweep is deleting batches
  Alarm m_schedule_alarm;
  ScheduleMarks m_schedule_marks;
  std::unordered_map<JobId, Job> m_active;  // every unfinished job but the parked queued ones
  std::vector<JobId> m_parkable;            // queued jobs just stored
  std::unordered_map<JobId, RateTracker> m_rates;
  std::set<std::pair<Millis, JobId>> m_resumes;  // paused jobs that resume by themselves
  std::unordered_map<JobId, Alarm> m_timeouts;
  std::mt19937_64 m_random;
  std::vector<std::function<void(JobId, const Job*)>> m_watchers;
  EngineStats m_stats;
  std::map<JobId, JobId> m_blocked;              // queued job -> the dependency it waits for
  std::set<JobId> m_unresolved;                  // blocked jobs whose dependencies changed
  std::map<JobId, PhaseUpdate> m_phase_updates;  // by child job
  bool m_phases_posted = false;
};

}  // namespace drover
