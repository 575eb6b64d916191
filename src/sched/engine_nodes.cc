// Engine: nodes that share the store (DESIGN.md, "Several nodes"). A node
// declared lost has its attempts ended here, by the rule of a vanished
// worker: retried per the type's policy, else interrupted, resumable from
// the checkpoint. A node that learns it was declared lost stops and forgets
// the attempts that were ended elsewhere, so that their late exits and
// events find no live attempt and are refused.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "sched/engine.h"

namespace drover {

void Engine::end_attempts_of_lost_node(const std::string& node) {
  auto running = m_store.list_running_on_node(node);
  if (!running) {
    spdlog::error("node {} was declared lost, but its running jobs could not be read: {}", node,
                  running.error().message);
    return;
  }
  Millis now = m_clock.now();
  for (Job& stored : *running) {
    JobId id = stored.id;
    // The store's row is the one the lost node last wrote: newer than any copy here.
    m_scheduler.remove(id);
    Job& job = m_active.insert_or_assign(id, std::move(stored)).first->second;
    Attempt& attempt = *job.current_attempt();
    spdlog::warn("job {} attempt {}: its node {} was lost; ending the attempt", id, attempt.n,
                 node);
    attempt.ended_at = now;
    stage_attempt(job);
    AttemptExit exit;
    exit.lease_expired = true;
    exit.ended_at = now;
    exit.failure = fmt::format("its node {} was lost (no heartbeat within its lease)", node);
    conclude_attempt(job, exit);
  }
  if (running->empty()) return;
  m_commit.request(Durability::full);
  schedule();
}

void Engine::drop_attempts_no_longer_owned(Millis lost_at) {
  std::vector<JobId> mine;
  for (const auto& [id, job] : m_active) {
    const Attempt* attempt = job.current_attempt();
    if (job.state == JobState::running && attempt && attempt->node == m_options.node) {
      mine.push_back(id);
    }
  }
  std::set<std::pair<JobId, int>> stopped;
  for (JobId id : mine) {
    Job& job = m_active.at(id);
    if (owned_in_store(job)) continue;
    stopped.emplace(id, job.current_attempt()->n);
    forget_attempt_ended_elsewhere(job);
  }
  stop_shims_ended_elsewhere(lost_at, stopped);
  // Not from inside the callback that learned it (an attempt's exit, say).
  boost::asio::post(m_io, [this] { schedule(); });
}

bool Engine::runs_on_another_node(const Job& job) const {
  const Attempt* attempt = job.current_attempt();
  return m_options.shared_store && job.state == JobState::running && !job.chain &&
         attempt != nullptr && attempt->node != m_options.node;
}

bool Engine::owned_in_store(const Job& job) {
  auto stored = m_store.get_job(job.id);
  // A store that can't answer now is no proof of loss: keep the attempt.
  if (!stored) return true;
  // Not stored yet (its commit is staged or in flight): no other node has
  // seen the attempt, so none can have ended it.
  if (!stored->has_value()) return m_commit.unstored_job(job.id) != nullptr;
  const Attempt* mine = job.current_attempt();
  const Attempt* attempt = (*stored)->current_attempt();
  if (attempt == nullptr || attempt->n < mine->n) return true;
  return (*stored)->state == JobState::running && !attempt->ended_at &&
         attempt->token == mine->token;
}

void Engine::forget_attempt_ended_elsewhere(Job& job) {
  JobId id = job.id;
  int n = job.current_attempt()->n;
  spdlog::warn(
      "job {} attempt {}: ended by another node while this one was lost; stopping it, "
      "its late reports are refused",
      id, n);
  if (!job.current_attempt()->on_worker) {
    if (Status stopped = m_runner->stop(id, n, StopMode::hard); !stopped) {
      spdlog::warn("job {} attempt {}: {}", id, n, stopped.error().message);
    }
  }
  m_timeouts.erase(id);
  m_rates.erase(id);
  m_scheduler.remove(id);
  m_active.erase(id);
}

void Engine::stop_shims_ended_elsewhere(Millis since,
                                        const std::set<std::pair<JobId, int>>& stopped) {
  auto ended = m_store.list_attempts_ended_elsewhere(m_options.node, since);
  if (!ended) {
    spdlog::error("the attempts ended while this node was lost could not be read: {}",
                  ended.error().message);
    return;
  }
  for (const auto& [id, attempt] : *ended) {
    if (attempt.on_worker || stopped.contains({id, attempt.n})) continue;
    // Followed again only to be stopped: its exit then finds no live attempt.
    AttemptRef ref{id, attempt.n, attempt.token, attempt.last_event_seq};
    AttemptProcess process;
    auto outcome = m_runner->reconcile(ref, &process);
    if (!outcome || *outcome != Reconciled::adopted) continue;
    spdlog::warn(
        "job {} attempt {}: its shim still ran here, though another node ended it while "
        "this one was lost; stopping it",
        id, attempt.n);
    if (Status halted = m_runner->stop(id, attempt.n, StopMode::hard); !halted) {
      spdlog::warn("job {} attempt {}: {}", id, attempt.n, halted.error().message);
    }
  }
}

}  // namespace drover
