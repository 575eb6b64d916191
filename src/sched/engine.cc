#include "sched/engine.h"

#include <malloc.h>

#include <array>
#include <iterator>
#include <set>
#include <unordered_set>
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "exec/attempt_files.h"
#include "exec/launcher.h"

namespace drover {
namespace {

constexpr int kRecentFinished = 10;
constexpr std::size_t kTrimAfterParking = 500;

std::unique_ptr<Timers> own_timers(boost::asio::io_context& io, const Clock& clock, Timers* given) {
  if (given != nullptr) return nullptr;
  return std::make_unique<AsioTimers>(io, clock);
}

const std::array<JobState, 4> kUnfinishedStates{JobState::queued, JobState::running,
                                                JobState::paused, JobState::interrupted};

// The phases of the chains on a page that the page lacks (a running chain's
// finished phases; a finished chain's phases when only top-level jobs were
// listed), each after its chain's other rows: shown under their chain.
Status add_missing_phases(Store& store, std::vector<Job>& jobs) {
  std::set<JobId> listed;
  for (const Job& job : jobs) listed.insert(job.id);
  std::vector<Job> found;
  for (const Job& job : jobs) {
    if (!job.chain) continue;
    for (const PhaseRun& phase : job.chain->phases) {
      if (!phase.job || listed.contains(*phase.job)) continue;
      DROVER_TRY(stored, store.get_job_row(*phase.job));
      if (*stored) found.push_back(std::move(**stored));
    }
  }
  jobs.insert(jobs.end(), std::make_move_iterator(found.begin()),
              std::make_move_iterator(found.end()));
  return {};
}

int queued_count(const Scheduler& scheduler) {
  int queued = 0;
  for (const QueueStatus& queue : scheduler.queues()) queued += queue.queued;
  return queued;
}

}  // namespace

Engine::Engine(boost::asio::io_context& io, Store& store, Config config, const Clock& clock,
               Options options)
    : m_io(io),
      m_store(store),
      m_config(std::move(config)),
      m_clock(clock),
      m_options(std::move(options)),
      m_commit(io, store, std::move(m_options.commit_store)),
      m_reaper(m_options.state_dir / "trash"),
      m_own_timers(own_timers(io, clock, m_options.timers)),
      m_timers(m_options.timers ? *m_options.timers : *m_own_timers),
      m_wake(m_timers),
      m_retention_alarm(m_timers),
      m_schedule_alarm(m_timers),
      m_random(m_options.random_seed.value_or(std::random_device{}())) {
  AttemptCallbacks callbacks{
      [this](const AttemptRef& ref, const AttemptProcess& process) { on_started(ref, process); },
      [this](const AttemptRef& ref, std::vector<JobEvent> events) {
        on_events(ref, std::move(events));
      },
      [this](const AttemptRef& ref, const AttemptExit& exit) { on_exit(ref, exit); },
      [](const AttemptRef& ref, const std::string& warning) {
        spdlog::warn("job {} attempt {}: {}", ref.job_id, ref.attempt, warning);
      }};
  m_workers = std::make_unique<WorkerPool>(io, clock, m_timers, callbacks);
  if (m_options.make_runner) {
    m_runner = m_options.make_runner(std::move(callbacks));
  } else {
    m_runner = std::make_unique<Launcher>(
        io, Launcher::Options{m_options.state_dir, m_options.shim_path, m_options.node},
        std::move(callbacks));
  }
  m_commit.on_committed([this](const WriteBatch& batch) {
    notify_watchers(batch);
    note_parkable(batch);
  });
  apply_config();
}

void Engine::watch(std::function<void(JobId, const Job*)> on_change) {
  m_watchers.push_back(std::move(on_change));
}

void Engine::notify_watchers(const WriteBatch& batch) {
  if (m_watchers.empty()) return;
  std::set<JobId> changed(batch.deleted_jobs.begin(), batch.deleted_jobs.end());
  for (const Job& job : batch.jobs) changed.insert(job.id);
  for (const auto& [id, attempt] : batch.attempts) changed.insert(id);
  for (JobId id : changed) {
    auto it = m_active.find(id);
    std::optional<Job> shown;
    if (it != m_active.end()) shown = view(it->second);
    for (const auto& watcher : m_watchers) watcher(id, shown ? &*shown : nullptr);
  }
}

Engine::~Engine() = default;

void Engine::apply_config() {
  for (const auto& [name, queue] : m_config.queues) m_scheduler.set_queue(name, queue.parallel);
  for (const auto& [name, capacity] : m_config.resources) m_scheduler.set_resource(name, capacity);
}

Status Engine::reload(Config config) {
  Config previous = std::exchange(m_config, std::move(config));
  // start_schedules fails only reading the marks, before it changes anything.
  if (Status started = start_schedules(); !started) {
    m_config = std::move(previous);
    return started;
  }
  apply_config();
  schedule();
  return {};
}

Status Engine::start() {
  DROVER_TRY(pauses, m_store.load_queue_pauses());
  for (const auto& [queue, paused] : *pauses) m_scheduler.set_queue_paused(queue, paused);
  std::vector<JobId> running;
  DROVER_RETURN_IF_ERROR(m_store.load_unfinished_jobs(
      [this, &running](Job job) { load_job(std::move(job), running); }));
  // Reconciling may finish jobs (their exit.json is there), so not while iterating.
  for (JobId id : running) {
    Job& job = m_active.at(id);
    if (auto status = reconcile(job); !status) {
      // One attempt we cannot make sense of must not keep the daemon down.
      m_scheduler.remove(id);
      (void)transition(job, JobState::interrupted,
                       "its attempt could not be checked at start-up: " + status.error().message);
    }
  }
  resync_chains();
  DROVER_RETURN_IF_ERROR(m_commit.flush());
  spdlog::info("engine started: {} unfinished jobs in memory, {} queued", m_active.size(),
               queued_count(m_scheduler));
  schedule();
  arm_retention();
  DROVER_RETURN_IF_ERROR(start_schedules());
  return {};
}

// A stored queued job goes straight to the scheduler; the rest stays in memory.
void Engine::load_job(Job job, std::vector<JobId>& running) {
  JobId id = job.id;
  if (runs_on_another_node(job)) return;  // that node follows it (engine_nodes.cc)
  if (parkable(job)) return add_to_scheduler(job);
  Job& kept = m_active.emplace(id, std::move(job)).first->second;
  if (kept.state == JobState::running && !kept.chain) running.push_back(id);
  if (kept.state == JobState::queued) enqueue(kept);
  if (kept.state == JobState::paused && kept.resume_at) m_resumes.emplace(*kept.resume_at, id);
}

bool Engine::parkable(const Job& job) const {
  // Chains, their phases and jobs with dependencies are few and looked up often.
  return job.state == JobState::queued && !job.chain && !job.parent && job.after.empty();
}

void Engine::note_parkable(const WriteBatch& batch) {
  bool posted = !m_parkable.empty();
  for (const Job& job : batch.jobs) {
    if (parkable(job)) m_parkable.push_back(job.id);
  }
  // After this turn: the commit's waiters (a submit's answer) still read them here.
  if (!posted && !m_parkable.empty()) boost::asio::post(m_io, [this] { park_queued(); });
}

void Engine::park_queued() {
  std::size_t parked = 0;
  for (JobId id : std::exchange(m_parkable, {})) {
    auto it = m_active.find(id);
    // A job changed again since the commit has a newer row to store first.
    if (it == m_active.end() || m_commit.unstored_job(id) || !parkable(it->second)) continue;
    if (!m_scheduler.holds_queued(id)) continue;
    m_active.erase(it);
    parked++;
  }
  // A big batch's copies are freed between long-lived scheduler entries,
  // where the allocator keeps them; hand those pages back to the system.
  if (parked >= kTrimAfterParking) malloc_trim(0);
}

Job* Engine::active_job(JobId id) {
  if (auto it = m_active.find(id); it != m_active.end()) return &it->second;
  if (!m_scheduler.holds_queued(id) && !m_scheduler.is_running(id)) return nullptr;
  auto stored = m_store.get_job(id);
  if (!stored || !stored->has_value()) {
    spdlog::error("job {} is queued but cannot be read back: {}", id,
                  stored ? "it is not in the store" : stored.error().message);
    return nullptr;
  }
  Job job = std::move(**stored);
  job.history.clear();
  return &m_active.emplace(id, std::move(job)).first->second;
}

void Engine::shutdown() {
  m_wake.cancel();
  m_retention_alarm.cancel();
  m_schedule_alarm.cancel();
  m_timeouts.clear();
  (void)m_commit.flush();
  m_runner->detach_all();
  m_workers->detach_all();
}

void Engine::decorate(Job& job) const {
  auto it = m_active.find(job.id);
  if (it != m_active.end()) {
    std::vector<Transition> history = std::move(job.history);
    job = it->second;
    job.history = std::move(history);
  }
  job.wait_reason = wait_reason(job);
  // The shim reports the log size when the attempt ends; until then, a stat
  // per read (not per event) shows how far the live log got.
  for (Attempt& attempt : job.attempts) {
    if (job.state != JobState::running || attempt.ended_at) continue;
    attempt.log_bytes = output_log_size(m_runner->attempt_dir(job.id, attempt.n));
  }
}

std::optional<std::string> Engine::wait_reason(const Job& job) const {
  if (job.state != JobState::queued) return std::nullopt;
  if (auto blocked = m_blocked.find(job.id); blocked != m_blocked.end()) {
    return fmt::format("after job {}", blocked->second);
  }
  if (job.chain) return chain_wait_reason(job);
  return m_scheduler.wait_reason(job.id, m_clock.now());
}

Result<Job> Engine::get(JobId id) {
  // Memory may be ahead of a store that cannot be written: say so, not that.
  DROVER_RETURN_IF_ERROR(m_commit.check_stored());
  DROVER_TRY(stored, m_store.get_job(id));
  if (!stored->has_value()) return no_such_job(id);
  Job job = std::move(**stored);
  // An unfinished job is shown as memory holds it (decorate); its history
  // then needs the transitions on their way to the store too.
  if (m_active.contains(id)) m_commit.overlay_unstored(job);
  decorate(job);
  return job;
}

// Clients are shown what is stored (a final state only once it is on
// disk); the engine's own decisions go by what it has staged since.
Result<Job> Engine::current(JobId id) {
  DROVER_RETURN_IF_ERROR(m_commit.check_stored());
  DROVER_TRY(stored, m_store.get_job(id));
  bool unstored = m_commit.unstored_job(id) != nullptr;
  if (m_commit.unstored_delete(id) || (!stored->has_value() && !unstored)) return no_such_job(id);
  Job job;  // a job submitted a moment ago is all in the batches
  job.id = id;
  if (stored->has_value()) job = std::move(**stored);
  m_commit.overlay_unstored(job);
  decorate(job);
  return job;
}

Error Engine::no_such_job(JobId id) {
  return make_error(ErrorCode::not_found, "no job {}; `drover ls --all` lists the jobs", id);
}

Result<Job> Engine::snapshot(JobId id) {
  DROVER_RETURN_IF_ERROR(m_commit.check_stored());
  auto it = m_active.find(id);
  if (it == m_active.end()) return get(id);
  return view(it->second);
}

Job Engine::view(const Job& active) const {
  Job job = active;
  job.history.clear();
  job.wait_reason = wait_reason(job);
  return job;
}

Result<JobPage> Engine::list(const ListRequest& request) {
  DROVER_RETURN_IF_ERROR(m_commit.check_stored());
  JobFilter filter = request.filter;
  if (request.recent_only && filter.states.empty()) {
    filter.states.assign(kUnfinishedStates.begin(), kUnfinishedStates.end());
  }
  DROVER_TRY(jobs, m_store.list_jobs(filter));
  JobPage page;
  page.jobs = std::move(*jobs);
  if (static_cast<int>(page.jobs.size()) == filter.limit && !page.jobs.empty()) {
    page.next_cursor = page.jobs.back().id;
  }
  if (request.recent_only && request.filter.states.empty()) {
    // The user's own last finished jobs: a chain counts once, with its phases.
    JobFilter finished = request.filter;
    finished.states = {JobState::completed, JobState::failed, JobState::cancelled};
    finished.limit = kRecentFinished;
    finished.before_id.reset();
    finished.top_level = true;
    DROVER_TRY(recent, m_store.list_jobs(finished));
    page.jobs.insert(page.jobs.end(), recent->begin(), recent->end());
    page.next_cursor.reset();
    DROVER_RETURN_IF_ERROR(add_missing_phases(m_store, page.jobs));
  }
  for (Job& job : page.jobs) decorate(job);
  return page;
}

Result<LogChunk> Engine::read_log(JobId id, std::optional<int> attempt, std::uint64_t offset,
                                  std::optional<std::uint64_t> tail) {
  DROVER_TRY(job, snapshot(id));
  if (job->attempts.empty()) {
    LogChunk empty;
    empty.finished = is_finished(job->state);
    empty.job_state = job->state;
    return empty;
  }
  int n = attempt.value_or(job->attempts.back().n);
  if (n < 1 || n > static_cast<int>(job->attempts.size())) {
    return make_error(ErrorCode::not_found, "job {} has no attempt {}; it has {}", id, n,
                      job->attempts.size());
  }
  DROVER_TRY(chunk, read_log_file(m_runner->attempt_dir(id, n), offset, tail));
  const Attempt& chosen = job->attempts[static_cast<std::size_t>(n - 1)];
  chunk->attempt = n;
  chunk->truncated = chosen.log_truncated;
  chunk->finished = is_finished(job->state) || chosen.ended_at.has_value();
  chunk->job_state = job->state;
  return chunk;
}

std::vector<QueueStatus> Engine::queues() const { return m_scheduler.queues(); }

void Engine::schedule() {
  resolve_dependencies();
  std::vector<JobId> ids = m_scheduler.take_startable(m_clock.now());
  if (!ids.empty()) start_attempts(ids);
  arm_timer();
}

void Engine::arm_timer() {
  auto wake = m_scheduler.next_wake(m_clock.now());
  if (!m_resumes.empty() && (!wake || m_resumes.begin()->first < *wake)) {
    wake = m_resumes.begin()->first;
  }
  if (!wake) return m_wake.cancel();
  m_wake.set(*wake, [this] {
    resume_due_jobs();
    schedule();
  });
}

void Engine::resume_due_jobs() {
  Millis now = m_clock.now();
  while (!m_resumes.empty() && m_resumes.begin()->first <= now) {
    JobId id = m_resumes.begin()->second;
    m_resumes.erase(m_resumes.begin());
    auto it = m_active.find(id);
    // The entry is stale when a user resumed or removed the job meanwhile.
    if (it == m_active.end() || it->second.state != JobState::paused) continue;
    Job& job = it->second;
    if (!job.resume_at || *job.resume_at > now) continue;
    job.resume_at.reset();
    if (transition(job, JobState::queued, "resumed automatically after pause")) enqueue(job);
  }
  m_commit.request(Durability::full);
}

}  // namespace drover
