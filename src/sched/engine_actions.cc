// Engine: what clients ask for — submit, cancel, kill, pause, resume, retry,
// remove, pause a queue.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "core/duration.h"
#include "sched/engine.h"

namespace drover {
void Engine::submit(SubmitRequest request, Reply<Job> reply) {
  std::vector<SubmitRequest> one;
  one.push_back(std::move(request));
  submit_many(std::move(one), [this, reply = std::move(reply)](Result<std::vector<Job>> jobs) {
    if (!jobs) return reply(jobs.error());
    // One job's answer shows its history too; a batch's answers do not.
    auto job = get(jobs->front().id);
    if (job) job->deduplicated = jobs->front().deduplicated;
    reply(std::move(job));
  });
}

Result<Engine::Screened> Engine::screen(const SubmitRequest& request) {
  DROVER_TRY(job, job_from_request(m_config, request, m_clock.now()));
  if (request.force) return Screened{std::move(*job), std::nullopt, std::nullopt};
  DROVER_TRY(duplicate, find_duplicate(*job));
  if (*duplicate) return Screened{std::move(*job), *duplicate, std::nullopt};
  DROVER_TRY(cached, find_cached(*job));
  if (*cached) return Screened{std::move(*job), std::nullopt, std::move(*cached)};
  DROVER_RETURN_IF_ERROR(refuse_if_resumable(*job));
  return Screened{std::move(*job), std::nullopt, std::nullopt};
}

void Engine::submit_many(std::vector<SubmitRequest> requests, Reply<std::vector<Job>> reply) {
  std::vector<Screened> screened;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto result = screen(requests[i]);
    if (!result) {
      Error error = result.error();
      if (requests.size() > 1) error.message = fmt::format("job {}: {}", i + 1, error.message);
      return reply(error);
    }
    screened.push_back(std::move(*result));
  }
  if (auto linked = link_dependencies(requests, screened); !linked) return reply(linked.error());
  std::vector<std::pair<JobId, bool>> answers;  // id, deduplicated
  for (Screened& entry : screened) {
    if (entry.duplicate_of) {
      answers.emplace_back(*entry.duplicate_of, true);
    } else if (entry.cached) {
      answers.emplace_back(admit_cached(std::move(entry.job), *entry.cached), false);
    } else {
      answers.emplace_back(admit(std::move(entry.job)), false);
    }
  }
  m_commit.request(Durability::full, [this, answers, reply = std::move(reply)](Status status) {
    if (!status) return reply(status.error());
    std::vector<Job> jobs;
    for (auto [id, deduplicated] : answers) {
      auto job = snapshot(id);  // from memory: the new jobs are not parked before this turn ends
      if (!job) return reply(job.error());
      job->deduplicated = deduplicated;
      jobs.push_back(std::move(*job));
    }
    reply(std::move(jobs));
  });
  schedule();
}

JobId Engine::admit(Job job) {
  if (job.id == 0) job.id = m_store.next_job_id();
  job.state_reason = "submitted";
  m_commit.batch().history.emplace_back(
      job.id, Transition{job.created_at, JobState::queued, JobState::queued, "submitted"});
  stage_job(job);
  JobId id = job.id;
  enqueue(m_active.emplace(id, std::move(job)).first->second);
  return id;
}

Result<std::optional<JobId>> Engine::find_duplicate(const Job& job) {
  const TypeConfig* type = m_config.find_type(job.type);
  if (type == nullptr || !type->unique_for || !job.key) return std::optional<JobId>();
  DROVER_TRY(found, newest_of_key(job.type, *job.key,
                                  {JobState::queued, JobState::running, JobState::paused,
                                   JobState::completed}));
  if (!*found) return std::optional<JobId>();
  if (!is_same_work(*type, **found, m_clock.now())) return std::optional<JobId>();
  return std::optional<JobId>((*found)->id);
}

// A job submitted or changed a moment ago, whose row is not stored yet,
// counts as the store would show it once stored.
Result<std::optional<JobRef>> Engine::newest_of_key(const std::string& type, const std::string& key,
                                                    const std::vector<JobState>& states) {
  auto as_ref = [&states](const Job& row) -> std::optional<JobRef> {
    if (std::find(states.begin(), states.end(), row.state) == states.end()) return std::nullopt;
    return JobRef{row.id, row.state, row.finished_at};
  };
  std::optional<JobRef> unstored;
  if (auto id = m_commit.unstored_with_key(type, key))
    unstored = as_ref(*m_commit.unstored_job(*id));
  DROVER_TRY(found, m_store.find_newest_by_key(type, key, states));
  if (*found) {
    if (const Job* newer = m_commit.unstored_job((*found)->id)) *found = as_ref(*newer);
  }
  // The newer job of the two stands for the key.
  if (unstored && (!*found || unstored->id > (*found)->id)) return unstored;
  return found;
}

Result<std::vector<Job>> Engine::resumable_jobs(int limit) {
  DROVER_TRY(jobs, m_store.list_resumable(limit));
  // The job in memory may have moved on (resumed) since its row was written.
  for (Job& job : *jobs) decorate(job);
  std::erase_if(*jobs, [](const Job& job) { return !job.resumable(); });
  return jobs;
}

Status Engine::refuse_if_resumable(const Job& job) {
  if (!job.key) return {};
  DROVER_TRY(found, m_store.find_resumable(job.type, *job.key));
  if (!*found) return {};
  DROVER_TRY(stored, current(**found));
  const Job& earlier = *stored;
  // The store's row may lag the job in memory (a resume staged this turn).
  if (!earlier.resumable()) return {};
  return resumable_refusal(earlier, m_clock.now());
}

void Engine::commit_and_reply(JobId id, Reply<Job> reply) {
  m_commit.request(Durability::full, [this, id, reply = std::move(reply)](Status status) {
    if (!status) return reply(status.error());
    reply(get(id));
  });
}

void Engine::act(JobId id, JobAction action, Reply<Job> reply) {
  auto it = m_active.find(id);
  if (it == m_active.end()) {
    // A finished job may be resumed or retried: bring it back into memory.
    auto stored = current(id);
    if (!stored) return reply(stored.error());
    stored->history.clear();
    it = m_active.emplace(id, std::move(*stored)).first;
  }
  Status status = apply_action(it->second, action);
  if (auto again = m_active.find(id); again != m_active.end() && is_finished(again->second.state)) {
    m_active.erase(again);  // not brought back after all
  }
  if (!status) return reply(status.error());
  commit_and_reply(id, std::move(reply));
  schedule();
}

Status Engine::apply_action(Job& job, JobAction action) {
  if (job.chain) return apply_chain_action(job, action);
  JobState state = job.state;
  switch (action) {
    case JobAction::cancel:
    case JobAction::kill: {
      if (state == JobState::running) {
        return stop_running(job,
                            action == JobAction::kill ? StopRequest::kill : StopRequest::cancel);
      }
      if (is_finished(state)) break;
      finish(job, JobState::cancelled, "cancelled by user");
      return {};
    }
    case JobAction::pause: {
      if (state == JobState::running) return stop_running(job, StopRequest::pause);
      if (state != JobState::queued) break;
      set_paused(job, "paused by user", std::nullopt);
      return {};
    }
    case JobAction::resume:
    case JobAction::retry: {
      if (!is_restartable(state)) break;
      job.resume_at.reset();
      job.stop_request = StopRequest::none;
      const char* reason = action == JobAction::retry ? "retried by user" : "resumed by user";
      DROVER_RETURN_IF_ERROR(transition(job, JobState::queued, reason));
      enqueue(job);
      return {};
    }
  }
  return action_refused(job, action);
}

Status Engine::stop_running(Job& job, StopRequest request) {
  bool escalate = request == StopRequest::kill;
  if (job.stop_request == StopRequest::none || escalate) {
    job.stop_request = request == StopRequest::kill && job.stop_request == StopRequest::pause
                           ? StopRequest::pause
                           : request;
  }
  stage_job(job);
  const Attempt* attempt = job.current_attempt();
  StopMode mode = escalate ? StopMode::hard : StopMode::soft;
  // A worker attempt still on offer ends at once; a fetched one is told.
  if (attempt != nullptr && attempt->on_worker) {
    m_workers->stop(job.id, attempt->n, mode);
    return {};
  }
  // Until the job runs, launch() or on_started() sees the request.
  if (attempt == nullptr || !attempt->pid) return {};
  DROVER_RETURN_IF_ERROR(m_runner->stop(job.id, attempt->n, mode));
  return {};
}

void Engine::remove(JobId id, Reply<JobId> reply) {
  auto it = m_active.find(id);
  if (it != m_active.end() && it->second.state == JobState::running) {
    return reply(make_error(ErrorCode::conflict,
                            "job {} is running; stop it first with `drover cancel {}`", id, id));
  }
  if (it == m_active.end()) {
    auto stored = m_store.get_job(id);
    if (!stored) return reply(stored.error());
    if (!stored->has_value()) return reply(make_error(ErrorCode::not_found, "no job {}", id));
    if (Status removable = refuse_live_phase_removal(**stored); !removable) {
      return reply(removable.error());
    }
  } else {
    if (Status removable = refuse_live_phase_removal(it->second); !removable) {
      return reply(removable.error());
    }
    m_active.erase(it);
  }
  m_scheduler.remove(id);
  release_dependents(id);
  m_commit.stage_delete(id);
  m_commit.request(Durability::full, [this, id, reply = std::move(reply)](Status status) {
    if (!status) return reply(status.error());
    remove_job_folder(id);
    reply(id);
  });
}

Status Engine::known_queue(const std::string& queue) const {
  if (m_scheduler.has_queue(queue)) return {};
  return make_error(ErrorCode::not_found, "no queue \"{}\"; declared queues: {}", queue,
                    declared_names(m_config.queues));
}

void Engine::set_queue_paused(const std::string& queue, bool paused, Reply<QueueStatus> reply) {
  if (Status known = known_queue(queue); !known) return reply(known.error());
  m_scheduler.set_queue_paused(queue, paused);
  m_commit.batch().queue_pauses.emplace_back(queue, paused);
  m_commit.request(Durability::full, [this, queue, reply = std::move(reply)](Status status) {
    if (!status) return reply(status.error());
    for (const QueueStatus& q : m_scheduler.queues()) {
      if (q.name == queue) return reply(q);
    }
  });
  if (!paused) schedule();
}

void Engine::set_queue_parallel(const std::string& queue, int parallel, Reply<QueueStatus> reply) {
  if (Status known = known_queue(queue); !known) return reply(known.error());
  if (parallel < 1) {
    return reply(make_error(ErrorCode::invalid,
                            "parallel must be a positive integer, got {}; to hold the queue's "
                            "jobs, pause it instead",
                            parallel));
  }
  m_scheduler.set_queue(queue, parallel);
  schedule();
  for (const QueueStatus& q : m_scheduler.queues()) {
    if (q.name == queue) return reply(q);
  }
}

}  // namespace drover
