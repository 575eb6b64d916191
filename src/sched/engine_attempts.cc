// Engine: starting attempts, following them, and deciding what their exit
// means for the job.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/argv_template.h"
#include "core/duration.h"
#include "exec/apply_event.h"
#include "exec/job_folders.h"
#include "sched/attempt_outcome.h"
#include "sched/engine.h"
#include "sched/job_pause.h"
#include "sched/retry_policy.h"

namespace drover {

void Engine::start_attempts(const std::vector<JobId>& ids) {
  Millis now = m_clock.now();
  std::vector<JobId> shims;
  for (JobId id : ids) {
    Job* found = active_job(id);
    if (found == nullptr) {
      m_scheduler.remove(id);  // frees the slot it was given
      continue;
    }
    Job& job = *found;
    Attempt attempt;
    attempt.n = static_cast<int>(job.attempts.size()) + 1;
    attempt.token = fmt::format("{:016x}{:016x}", m_random(), m_random());
    attempt.node = m_options.node;
    attempt.started_at = now;
    attempt.on_worker = runs_on_worker(job.type);
    job.attempts.push_back(attempt);
    job.resume_at.reset();
    job.stop_request = StopRequest::none;
    std::string reason = attempt.n == 1 ? "started" : fmt::format("attempt {} started", attempt.n);
    if (!transition(job, JobState::running, std::move(reason))) continue;
    stage_attempt(job);
    if (attempt.on_worker) {
      // Offered at once: no worker is told of it before a later commit
      // (the fetch's answer waits for its holder to be stored).
      launch(id);
    } else {
      shims.push_back(id);
    }
  }
  // The attempt is on disk before its shim exists: a crash in between is
  // found by reconcile() as "never started", never as a second run.
  m_commit.request(Durability::full, [this, shims = std::move(shims)](Status status) {
    if (!status) return;
    for (JobId id : shims) launch(id);
  });
}

void Engine::launch(JobId id) {
  auto it = m_active.find(id);
  if (it == m_active.end() || it->second.state != JobState::running) return;
  Job& job = it->second;
  Attempt& attempt = *job.current_attempt();
  if (job.stop_request != StopRequest::none) {
    finish(job, JobState::cancelled, "cancelled before it started");
    m_commit.request(Durability::full);
    return;
  }
  if (attempt.on_worker) return m_workers->offer(worker_offer(job, attempt));
  auto process = m_runner->launch(launch_request(job, attempt));
  if (!process) {
    job.error = process.error().message;
    attempt.ended_at = m_clock.now();
    stage_attempt(job);
    finish(job, JobState::failed, "could not start: " + process.error().message);
    m_commit.request(Durability::full);
    schedule();
    return;
  }
  attempt.shim_pid = process->shim_pid;
  attempt.shim_start_ticks = process->shim_start_ticks;
  attempt.boot_id = process->boot_id;
  // Stored with the next commit (on_started's at the latest): the shim's
  // claim has them too, for a crash before that.
  stage_attempt(job);
  arm_timeout(job);
}

void Engine::on_started(const AttemptRef& ref, const AttemptProcess& process) {
  confirm_lease();
  Job* job = live_attempt_job(ref);
  if (job == nullptr) return;
  job->current_attempt()->pid = process.job_pid;
  stage_attempt(*job);
  m_commit.request(Durability::relaxed);  // the shim's record has it too
  // A stop asked while the shim was starting waited for the job's pid.
  if (job->stop_request != StopRequest::none) {
    if (Status stopped = stop_running(*job, job->stop_request); !stopped) {
      spdlog::warn("job {}: {}", job->id, stopped.error().message);
    }
  }
}

void Engine::arm_timeout(const Job& job) {
  const TypeConfig* type = m_config.find_type(job.type);
  const Attempt* attempt = job.current_attempt();
  if (type == nullptr || !type->timeout || attempt == nullptr) return;
  Alarm alarm(m_timers);
  alarm.set(attempt->started_at + *type->timeout, [this, id = job.id, n = attempt->n] {
    auto it = m_active.find(id);
    if (it == m_active.end() || it->second.state != JobState::running) return;
    Job& running = it->second;
    if (running.current_attempt()->n != n || running.stop_request != StopRequest::none) return;
    (void)stop_running(running, StopRequest::timeout);
    m_commit.request(Durability::full);
  });
  m_timeouts.insert_or_assign(job.id, std::move(alarm));
}

LaunchRequest Engine::launch_request(const Job& job, const Attempt& attempt) {
  LaunchRequest request;
  request.job_id = job.id;
  request.attempt = attempt.n;
  request.token = attempt.token;
  const TypeConfig* type = m_config.find_type(job.type);
  if (type) {
    if (auto argv = expand_command(*type, job.params)) request.argv = std::move(*argv);
    request.grace = type->grace;
    request.memory_max = type->memory_max;
    request.cpu_max = type->cpu_max;
  }
  request.log_max = type && type->log_max ? *type->log_max : m_config.retention.log_max;
  request.cwd = job.params.value("cwd", "");
  if (type) request.job_folders = uses_job_folders(*type, request.argv, request.cwd);
  if (auto env = job.params.find("env"); env != job.params.end() && env->is_object()) {
    for (const auto& [name, value] : env->items()) {
      request.env[name] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  request.env["DROVER_PARAMS"] = job.params.dump();
  request.redact_patterns = m_config.redact_patterns;
  if (job.checkpoint) request.checkpoint = job.checkpoint->value;
  return request;
}

Status Engine::reconcile(Job& job) {
  Attempt* attempt = job.current_attempt();
  if (attempt == nullptr) {
    if (transition(job, JobState::queued, "no attempt was recorded; queued again")) enqueue(job);
    return {};
  }
  auto claims = claims_for(m_config, job);
  m_scheduler.add_running(job.id, job.queue, claims ? std::move(*claims) : Claims{});
  if (attempt->on_worker) return reconcile_worker(job);
  AttemptRef ref{job.id, attempt->n, attempt->token, attempt->last_event_seq};
  AttemptProcess process;
  DROVER_TRY(outcome, m_runner->reconcile(ref, &process));
  if (*outcome == Reconciled::adopted) {
    spdlog::info("job {} attempt {}: re-adopted shim pid {}", job.id, attempt->n, process.shim_pid);
    attempt->pid = process.job_pid;
    attempt->shim_pid = process.shim_pid;
    stage_attempt(job);
    arm_timeout(job);
  } else if (*outcome == Reconciled::stopping) {
    // Still running as far as anyone can tell: nothing may start beside it.
    spdlog::warn("job {} attempt {}: shim vanished, its job process {} still runs; stopping it",
                 job.id, attempt->n, process.job_pid);
  } else if (*outcome == Reconciled::never_started) {
    attempt->ended_at = m_clock.now();
    stage_attempt(job);
    m_scheduler.remove(job.id);
    if (transition(job, JobState::queued, "the daemon stopped before the attempt started")) {
      enqueue(job);
    }
  }
  // exited and vanished were delivered through on_exit already; stopping
  // delivers it once the job process has ended.
  return {};
}

Job* Engine::live_attempt_job(const AttemptRef& ref) {
  auto it = m_active.find(ref.job_id);
  if (it == m_active.end() || it->second.state != JobState::running) return nullptr;
  const Attempt* attempt = it->second.current_attempt();
  if (attempt == nullptr || attempt->n != ref.attempt || attempt->token != ref.token) {
    return nullptr;
  }
  return &it->second;
}

void Engine::on_events(const AttemptRef& ref, std::vector<JobEvent> events) {
  confirm_lease();
  Job* job = live_attempt_job(ref);
  if (job == nullptr) {
    spdlog::warn("ignored {} events of stale attempt {} of job {}", events.size(), ref.attempt,
                 ref.job_id);
    return;
  }
  count_events(events.size());
  Attempt& attempt = *job->current_attempt();
  Durability durability = Durability::relaxed;
  for (const JobEvent& event : events) {
    if (event.seq <= attempt.last_event_seq) continue;  // seen before a daemon restart
    apply_event(*job, event);
    attempt.last_event_seq = event.seq;
    if (needs_full_durability(event)) durability = Durability::full;
  }
  Millis now = m_clock.now();
  RateTracker& rate = m_rates[job->id];
  rate.observe(now, job->progress.current);
  job->progress.rate = rate.rate(now);
  job->progress.eta_seconds = rate.eta_seconds(now, job->progress.total);
  stage_job(*job);
  stage_attempt(*job);
  if (job->parent) note_phase_change(*job);
  m_commit.request(durability);
}

void Engine::on_exit(const AttemptRef& ref, const AttemptExit& exit) {
  confirm_lease();
  Job* live = live_attempt_job(ref);
  if (live == nullptr) {
    spdlog::warn("ignored exit of stale attempt {} of job {}", ref.attempt, ref.job_id);
    return;
  }
  Job& job = *live;
  Attempt& attempt = *job.current_attempt();
  attempt.ended_at = exit.ended_at;
  attempt.exit_code = exit.exit_code;
  attempt.signal = exit.signal;
  attempt.log_bytes = exit.log_bytes;
  attempt.log_truncated = exit.log_truncated;
  observe_attempt_end(attempt);
  stage_attempt(job);
  conclude_attempt(job, exit);
  m_commit.request(Durability::full);
  schedule();
}

void Engine::conclude_attempt(Job& job, const AttemptExit& exit) {
  m_timeouts.erase(job.id);
  AttemptOutcome outcome = decide_outcome(job.stop_request, exit, job.resume_at.has_value(),
                                          m_config.find_type(job.type));
  switch (outcome.kind) {
    case OutcomeKind::completed:
      job.error.reset();
      return finish(job, JobState::completed, std::move(outcome.reason));
    case OutcomeKind::cancelled:
      return finish(job, JobState::cancelled, std::move(outcome.reason));
    case OutcomeKind::paused_by_user:
      return set_paused(job, outcome.reason, std::nullopt);
    case OutcomeKind::paused_by_job:
      return pause_by_job(job);
    case OutcomeKind::interrupted:
      return interrupt(job, std::move(outcome.reason));
    case OutcomeKind::lost: {
      // A worker that vanished is retried like a failure while retries last.
      const TypeConfig* type = m_config.find_type(job.type);
      if (type && static_cast<int>(job.attempts.size()) <= type->retries) {
        return fail_attempt(job, outcome.reason);
      }
      return interrupt(job, std::move(outcome.reason));
    }
    case OutcomeKind::not_started:
      job.error = exit.start_error;
      return finish(job, JobState::failed, std::move(outcome.reason));
    case OutcomeKind::attempt_failed:
      return fail_attempt(job, outcome.reason);
  }
}

void Engine::interrupt(Job& job, std::string reason) {
  m_scheduler.remove(job.id);
  m_rates.erase(job.id);
  (void)transition(job, JobState::interrupted, std::move(reason));
}

// The job asked to pause (job.resume_at, job.state_reason): paused no
// sooner than the floor, or failed once it pauses too often without progress.
void Engine::pause_by_job(Job& job) {
  const TypeConfig* type = m_config.find_type(job.type);
  int pauses = ++job.progress.pauses_without_progress;
  PauseDecision decision = decide_pause(type ? *type : TypeConfig{}, pauses, m_clock.now(),
                                        *job.resume_at, job.state_reason);
  if (decision.failure) {
    job.resume_at.reset();
    job.progress.pauses_without_progress = 0;  // a retry by hand starts afresh
    job.error = *decision.failure;
    return finish(job, JobState::failed, *decision.failure);
  }
  set_paused(job, job.state_reason, decision.resume_at);
}

void Engine::fail_attempt(Job& job, const std::string& reason) {
  job.error = reason;
  const TypeConfig* type = m_config.find_type(job.type);
  int failures = static_cast<int>(job.attempts.size());
  std::optional<Millis> backoff = retry_delay(type, failures, m_random);
  if (!backoff) return finish(job, JobState::failed, reason);
  m_scheduler.remove(job.id);
  if (!transition(job, JobState::failed, reason)) return;
  job.resume_at = m_clock.now() + *backoff;
  if (transition(job, JobState::queued,
                 fmt::format("retry {} of {} in {}", failures, type->retries,
                             format_duration(*backoff / 1000 * 1000)))) {
    enqueue(job);
  }
}

}  // namespace drover
