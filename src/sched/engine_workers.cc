// Engine: the attempts of worker types (runner = "worker"), run through the
// WorkerPool. Scheduling, retries, timeouts, cancel and checkpoints are the
// engine's usual ones; what differs is how an attempt starts (offered, then
// fetched), reports (the worker's reports) and is found after a restart
// (the lease and holder stored with the attempt).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "sched/engine.h"

namespace drover {
namespace {

const char* stop_word(StopRequest request) {
  switch (request) {
    case StopRequest::cancel:
      return "cancel";
    case StopRequest::kill:
      return "kill";
    case StopRequest::pause:
      return "pause";
    case StopRequest::timeout:
      return "timeout";
    case StopRequest::none:
      break;
  }
  return "cancel";
}

}  // namespace

bool Engine::runs_on_worker(const std::string& type) const {
  const TypeConfig* config = m_config.find_type(type);
  return config != nullptr && config->worker;
}

WorkOffer Engine::worker_offer(const Job& job, const Attempt& attempt) const {
  WorkOffer offer;
  offer.job_id = job.id;
  offer.attempt = attempt.n;
  offer.token = attempt.token;
  offer.type = job.type;
  offer.params = job.params;
  if (job.checkpoint) offer.checkpoint = job.checkpoint->value;
  if (const TypeConfig* type = m_config.find_type(job.type)) {
    offer.lease = type->lease;
    offer.grace = type->grace;
  }
  return offer;
}

Status Engine::check_worker_types(const std::vector<std::string>& types) const {
  if (types.empty()) {
    return make_error(ErrorCode::invalid, "\"types\" must name at least one worker type");
  }
  for (const std::string& name : types) {
    const TypeConfig* type = m_config.find_type(name);
    if (type == nullptr) {
      return make_error(ErrorCode::invalid, "unknown type \"{}\"; declared types: {}", name,
                        declared_names(m_config.types));
    }
    if (!type->worker) {
      return make_error(ErrorCode::invalid,
                        "type \"{}\" runs a command, not a worker; declare it with runner = "
                        "\"worker\" to run its jobs in workers",
                        name);
    }
  }
  return {};
}

std::uint64_t Engine::fetch_work(FetchRequest request, Reply<std::vector<Assignment>> reply) {
  if (Status known = check_worker_types(request.types); !known) {
    reply(known.error());
    return 0;
  }
  WorkerIdentity worker = request.worker;
  return m_workers->fetch(std::move(request),
                          [this, worker, reply = std::move(reply)](std::vector<Assignment> taken) {
                            hand_out(worker, std::move(taken), reply);
                          });
}

void Engine::abandon_fetch(std::uint64_t fetch_id) {
  if (fetch_id != 0) m_workers->abandon(fetch_id);
}

// The worker never got them: its holder is cleared (stored) and the attempt
// is on offer again, as after a restart that found it never fetched.
void Engine::give_back_work(const std::vector<Assignment>& handed) {
  for (const Assignment& assignment : handed) {
    const WorkOffer& offer = assignment.offer;
    Job* job = live_attempt_job(AttemptRef{offer.job_id, offer.attempt, offer.token, 0});
    if (job == nullptr || !m_workers->holds(offer.job_id)) continue;
    Attempt& attempt = *job->current_attempt();
    if (attempt.last_event_seq > 0) continue;  // it did report: the worker has it
    spdlog::info("job {} attempt {}: its worker {} left before the answer; offered again", job->id,
                 attempt.n, attempt.worker);
    attempt.worker.clear();
    attempt.lease_until.reset();
    stage_attempt(*job);
    m_workers->give_back(offer);
  }
  m_commit.request(Durability::relaxed, [](Status) {});
}

// The worker holds them once this is stored: a daemon restarted after the
// answer finds who holds each attempt, and before it offers them again.
void Engine::hand_out(const WorkerIdentity& worker, std::vector<Assignment> taken,
                      const Reply<std::vector<Assignment>>& reply) {
  std::vector<Assignment> handed;
  for (Assignment& assignment : taken) {
    AttemptRef ref{assignment.offer.job_id, assignment.offer.attempt, assignment.offer.token, 0};
    Job* job = live_attempt_job(ref);
    if (job == nullptr) {
      m_workers->forget(ref.job_id);
      continue;
    }
    if (job->stop_request != StopRequest::none) {  // stopped while it was being fetched
      m_workers->stop(ref.job_id, ref.attempt, StopMode::hard);
      continue;
    }
    Attempt& attempt = *job->current_attempt();
    attempt.pid = worker.pid;
    attempt.node = worker.host.empty() ? attempt.node : worker.host;
    attempt.worker = worker.id;
    attempt.lease_until = assignment.lease_until;
    attempt.started_at = m_clock.now();
    stage_attempt(*job);
    arm_timeout(*job);
    handed.push_back(std::move(assignment));
  }
  if (handed.empty()) return reply(std::move(handed));
  m_commit.request(Durability::relaxed, [reply, handed = std::move(handed)](Status status) mutable {
    if (!status) return reply(status.error());
    reply(std::move(handed));
  });
}

void Engine::report_work(std::vector<WorkerReport> reports,
                         Reply<std::vector<Result<ReportAnswer>>> reply) {
  confirm_lease();
  std::vector<Result<ReportAnswer>> answers;
  Durability durability = Durability::relaxed;
  for (WorkerReport& report : reports) {
    bool ends = report.end != WorkerEnd::none;
    JobId id = report.job_id;
    auto answer = m_workers->report(std::move(report));
    if (!answer) {
      answers.emplace_back(answer.error());
      continue;
    }
    if (ends) durability = Durability::full;
    if (auto it = m_active.find(id); it != m_active.end() && !answer->ended) {
      Job& job = it->second;
      if (answer->stop) answer->stop_reason = stop_word(job.stop_request);
      job.current_attempt()->lease_until = answer->lease_until;
      stage_attempt(job);
    }
    answers.emplace_back(std::move(*answer));
  }
  // Checkpoints and results asked for full durability already (on_events).
  m_commit.request(durability, [reply, answers = std::move(answers)](Status status) mutable {
    if (!status) return reply(status.error());
    reply(std::move(answers));
  });
  schedule();
}

// Held by a worker before the restart: held again. The lease runs at least
// one period from now, since no worker could report while the daemon was
// down. Never fetched: offered again with the same token (no worker was
// told of it: a fetch is answered only once its holder is stored).
Status Engine::reconcile_worker(Job& job) {
  Attempt& attempt = *job.current_attempt();
  WorkOffer offer = worker_offer(job, attempt);
  if (attempt.worker.empty()) {
    spdlog::info("job {} attempt {}: offered to workers again", job.id, attempt.n);
    m_workers->offer(std::move(offer));
    return {};
  }
  Millis lease_until = std::max(attempt.lease_until.value_or(0), m_clock.now() + offer.lease);
  spdlog::info("job {} attempt {}: held by worker {}, lease until {}", job.id, attempt.n,
               attempt.worker, format_rfc3339(lease_until));
  attempt.lease_until = lease_until;
  m_workers->adopt(offer, attempt.worker, attempt.last_event_seq, lease_until);
  stage_attempt(job);
  arm_timeout(job);
  if (job.stop_request != StopRequest::none) {
    m_workers->stop(job.id, attempt.n, StopMode::soft);
  }
  return {};
}

std::vector<WorkerStatus> Engine::workers() const { return m_workers->workers(); }

}  // namespace drover
