// Engine: changing a job's state and staging the change for the store.
#include <filesystem>

#include <spdlog/spdlog.h>

#include "sched/engine.h"

namespace drover {

Status Engine::transition(Job& job, JobState to, std::string reason) {
  if (auto status = check_transition(job.id, job.state, to); !status) {
    spdlog::error("refused: {}", status.error().message);
    return status;
  }
  Millis now = m_clock.now();
  m_commit.batch().history.emplace_back(job.id, Transition{now, job.state, to, reason});
  job.state = to;
  job.state_reason = std::move(reason);
  if (to == JobState::running) job.started_at = now;
  if (is_finished(to)) job.finished_at = now;
  if (to == JobState::queued) job.finished_at.reset();
  stage_job(job);
  if (job.parent) note_phase_change(job);
  return {};
}

void Engine::stage_job(const Job& job) {
  Job row = job;
  row.attempts.clear();  // attempts are written by stage_attempt
  m_commit.stage_job(std::move(row));
}

void Engine::stage_attempt(const Job& job) {
  if (const Attempt* attempt = job.current_attempt()) {
    m_commit.batch().attempts.emplace_back(job.id, *attempt);
  }
}

void Engine::enqueue(Job& job) {
  if (job.chain) return;  // a chain's parent runs through its phases' jobs
  if (!job.after.empty()) return wait_for_dependencies(job);
  add_to_scheduler(job);
}

void Engine::add_to_scheduler(Job& job) {
  std::optional<Millis> not_before;
  if (job.resume_at && *job.resume_at > m_clock.now()) not_before = job.resume_at;
  auto claims = claims_for(m_config, job);
  if (!claims) spdlog::warn("job {}: {}; it runs without them", job.id, claims.error().message);
  m_scheduler.add_queued(job.id, job.queue, job.priority, not_before,
                         claims ? std::move(*claims) : Claims{});
}

void Engine::finish(Job& job, JobState to, std::string reason) {
  JobId id = job.id;
  if (!transition(job, to, std::move(reason))) return;
  m_scheduler.remove(id);
  m_rates.erase(id);
  release_dependents(id);
  if (to == JobState::completed) {
    // Completed work needs neither its checkpoint nor its partial files.
    job.checkpoint.reset();
    stage_job(job);
    cache_result(job);
    m_reaper.remove(m_runner->job_dir(id));
  }
  m_active.erase(id);
}

void Engine::set_paused(Job& job, std::string reason, std::optional<Millis> resume_at) {
  if (!transition(job, JobState::paused, std::move(reason))) return;
  job.resume_at = resume_at;
  job.stop_request = StopRequest::none;
  stage_job(job);
  m_scheduler.remove(job.id);
  m_blocked.erase(job.id);
  if (resume_at) m_resumes.emplace(*resume_at, job.id);
}

}  // namespace drover
