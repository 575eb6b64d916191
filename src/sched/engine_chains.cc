// Engine: chains. A chain is a parent job that never runs a process itself;
// its phases run one after another as child jobs (each with the type's own
// policies, logs, attempts and checkpoint). The parent follows its current
// phase: its state, its weighted progress, its end.
#include <fmt/format.h>
#include <boost/asio/post.hpp>

#include "sched/engine.h"

namespace drover {
void Engine::submit_chain(ChainSpec spec, Reply<ChainSubmitted> reply) {
  ChainReport report = validate_chain(spec, m_config);
  if (!report.valid()) return reply(chain_error(report));
  Job parent;
  parent.type = "chain";
  parent.params = {{"name", spec.name}};
  if (!spec.name.empty()) parent.key = spec.name;
  parent.created_at = m_clock.now();
  parent.chain = start_chain_run(spec);
  parent.progress.total = static_cast<std::int64_t>(spec.phases.size());
  parent.progress.weighted_percentage = 0.0;
  JobId id = admit(std::move(parent));
  start_phase(m_active.at(id));
  m_commit.request(Durability::full, [this, id, report, reply = std::move(reply)](Status status) {
    if (!status) return reply(status.error());
    auto job = get(id);
    if (!job) return reply(job.error());
    reply(ChainSubmitted{std::move(*job), report});
  });
  schedule();
}

// Submits the current phase as a child job. Returns false when that failed
// and the parent with it (`parent` then dangles).
bool Engine::start_phase(Job& parent) {
  PhaseRun& phase = *parent.chain->current();
  SubmitRequest request;
  request.type = phase.phase.type;
  request.params = phase.phase.params;
  auto child = job_from_request(m_config, request, m_clock.now());
  if (!child) {
    parent.error =
        fmt::format("{} cannot start: {}", phase_label(*parent.chain), child.error().message);
    finish(parent, JobState::failed, *parent.error);
    return false;
  }
  child->parent = parent.id;
  phase.job = admit(std::move(*child));
  phase.state = JobState::queued;
  phase.percentage = 0;
  stage_job(parent);
  return true;
}

void Engine::note_phase_change(const Job& child) {
  PhaseUpdate& update = m_phase_updates[child.id];
  update.parent = *child.parent;
  update.child = child.id;
  update.state = child.state;
  update.percentage = child.progress.percentage().value_or(0);
  update.result = child.result;
  update.reason = child.error.value_or(child.state_reason);
  update.item = child.progress.item;
  if (m_phases_posted) return;
  m_phases_posted = true;
  boost::asio::post(m_io, [this] { follow_phases(); });
}

void Engine::follow_phases() {
  m_phases_posted = false;
  std::map<JobId, PhaseUpdate> updates;
  updates.swap(m_phase_updates);
  for (const auto& [child, update] : updates) follow_phase(update);
  m_commit.request(Durability::full);
  schedule();
}

void Engine::follow_phase(const PhaseUpdate& update) {
  auto it = m_active.find(update.parent);
  if (it == m_active.end() || !it->second.chain) return;
  Job& parent = it->second;
  ChainMove move = follow_phase_update(*parent.chain, parent.id, parent.state, update);
  if (move.step == ChainStep::ignore) return;
  update_chain_progress(parent, update.item);
  switch (move.step) {
    case ChainStep::ignore:
    case ChainStep::stay:
      break;
    case ChainStep::follow:
      follow_state(parent, move.state, std::move(move.reason));
      break;
    case ChainStep::pause:
      set_paused(parent, std::move(move.reason), std::nullopt);
      break;
    case ChainStep::phase_completed:
      return complete_phase(parent, update);
    case ChainStep::fail:
      parent.error = move.reason;
      return finish(parent, JobState::failed, std::move(move.reason));
    case ChainStep::cancel:
      return finish(parent, JobState::cancelled, std::move(move.reason));
  }
  stage_job(parent);
}

void Engine::complete_phase(Job& parent, const PhaseUpdate& update) {
  bool more = complete_current_phase(*parent.chain, update.result);
  update_chain_progress(parent, "");
  if (more) {
    start_phase(parent);
    return;
  }
  parent.result = phase_results(*parent.chain);
  parent.error.reset();
  finish(parent, JobState::completed,
         fmt::format("all {} phases completed", parent.chain->phases.size()));
}

// A state the parent takes from its phase, when the state machine allows it.
// In the same state (phase 2 running after phase 1 ran) only the reason
// follows, with its own history line, so the chain never says a finished
// phase is the one running.
void Engine::follow_state(Job& parent, JobState to, std::string reason) {
  if (parent.state == to) {
    if (parent.state_reason == reason) return;
    m_commit.batch().history.emplace_back(parent.id, Transition{m_clock.now(), to, to, reason});
    parent.state_reason = std::move(reason);
    return;  // follow_phase stages the parent
  }
  if (!check_transition(parent.id, parent.state, to)) return;
  (void)transition(parent, to, std::move(reason));
}

void Engine::update_chain_progress(Job& parent, const std::string& item) {
  Millis elapsed = parent.started_at ? m_clock.now() - *parent.started_at : 0;
  drover::update_chain_progress(parent.progress, *parent.chain, item, elapsed);
}

Status Engine::refuse_live_phase_removal(const Job& job) const {
  if (!job.parent) return {};
  auto parent = m_active.find(*job.parent);
  if (parent == m_active.end()) return {};  // the chain is over: its phases may go
  return make_error(ErrorCode::conflict,
                    "job {} is a phase of chain job {}, which is {}; removing the phase would "
                    "break the chain: cancel the chain first (`drover cancel {}`), then remove it "
                    "(`drover rm {}`)",
                    job.id, *job.parent, state_name(parent->second.state), *job.parent,
                    *job.parent);
}

std::optional<std::string> Engine::chain_wait_reason(const Job& parent) const {
  const ChainRun& chain = *parent.chain;
  auto n = chain.current_phase();
  if (!n || !chain.phases[static_cast<std::size_t>(*n - 1)].job) return std::nullopt;
  auto child = m_active.find(*chain.phases[static_cast<std::size_t>(*n - 1)].job);
  if (child == m_active.end()) return std::nullopt;
  auto reason = wait_reason(child->second);
  if (!reason) return std::nullopt;
  return phase_label(chain) + ": " + *reason;
}

Job* Engine::phase_job(Job& parent, bool load) {
  PhaseRun* phase = parent.chain->current();
  if (phase == nullptr || !phase->job) return nullptr;
  if (auto it = m_active.find(*phase->job); it != m_active.end()) return &it->second;
  if (!load) return nullptr;
  // With what is staged over the store's row: a phase that just ended is ended.
  auto stored = current(*phase->job);
  if (!stored) return nullptr;
  Job child = std::move(*stored);
  child.history.clear();
  return &m_active.emplace(child.id, std::move(child)).first->second;
}

Status Engine::apply_chain_action(Job& parent, JobAction action) {
  switch (action) {
    case JobAction::cancel:
    case JobAction::kill:
    case JobAction::pause: {
      if (is_finished(parent.state)) break;
      Job* child = phase_job(parent, false);
      if (child && !is_finished(child->state) &&
          (action != JobAction::pause || child->state == JobState::running ||
           child->state == JobState::queued)) {
        return apply_action(*child, action);
      }
      if (action == JobAction::pause) break;
      finish(parent, JobState::cancelled, "cancelled by user");
      return {};
    }
    case JobAction::resume:
    case JobAction::retry:
      return resume_chain(parent, action);
  }
  return action_refused(parent, action);
}

// Completed phases stay done; the current one resumes from its checkpoint
// (or is submitted again if it was removed).
Status Engine::resume_chain(Job& parent, JobAction action) {
  if (!is_restartable(parent.state)) return action_refused(parent, action);
  std::string reason =
      fmt::format("{} by user from {}", job_action_past(action), phase_label(*parent.chain));
  Job* child = phase_job(parent, true);
  if (child != nullptr && is_restartable(child->state)) {
    JobAction restart = child->state == JobState::failed ? JobAction::retry : JobAction::resume;
    DROVER_RETURN_IF_ERROR(apply_action(*child, restart));
  }
  DROVER_RETURN_IF_ERROR(transition(parent, JobState::queued, reason));
  if (child == nullptr || is_finished(child->state)) start_phase(parent);
  return {};
}

// After a restart: the parent catches up with whatever its phase did while
// the daemon was down.
void Engine::resync_chains() {
  std::vector<JobId> parents;
  for (const auto& [id, job] : m_active) {
    if (job.chain) parents.push_back(id);
  }
  for (JobId id : parents) {
    Job& parent = m_active.at(id);
    if (Job* child = phase_job(parent, false)) {
      note_phase_change(*child);
      continue;
    }
    PhaseRun* phase = parent.chain->current();
    if (phase == nullptr) continue;
    if (!phase->job) {
      start_phase(parent);
      continue;
    }
    auto stored = m_store.get_job(*phase->job);
    if (stored && stored->has_value()) note_phase_change(**stored);
  }
}

}  // namespace drover
