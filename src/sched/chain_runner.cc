#include "sched/chain_runner.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/chain_eta.h"

namespace drover {
namespace {

ChainMove just(ChainStep step) { return {step, JobState::queued, ""}; }

ChainMove state_move(long long parent_id, JobState parent_state, const ChainRun& chain,
                     const PhaseUpdate& update) {
  std::string label = phase_label(chain);
  switch (update.state) {
    case JobState::queued:
      if (!is_restartable(parent_state)) return just(ChainStep::stay);
      return {ChainStep::follow, JobState::queued, label + " queued"};
    case JobState::running:
      return {ChainStep::follow, JobState::running, label + " running"};
    case JobState::paused:
      if (parent_state == JobState::paused ||
          !check_transition(parent_id, parent_state, JobState::paused)) {
        return just(ChainStep::stay);
      }
      return {ChainStep::pause, JobState::paused, label + ": " + update.reason};
    case JobState::interrupted:
      return {ChainStep::follow, JobState::interrupted, label + " interrupted: " + update.reason};
    case JobState::completed:
      return just(ChainStep::phase_completed);
    case JobState::failed:
      return {ChainStep::fail, JobState::failed,
              fmt::format("{} failed: {}", label, update.reason)};
    case JobState::cancelled:
      return {ChainStep::cancel, JobState::cancelled, label + " cancelled"};
  }
  return just(ChainStep::stay);
}

}  // namespace

ChainMove follow_phase_update(ChainRun& chain, long long parent_id, JobState parent_state,
                              const PhaseUpdate& update) {
  PhaseRun* phase = chain.current();
  if (phase == nullptr || phase->job != update.child) return just(ChainStep::ignore);
  phase->state = update.state;
  phase->percentage = update.state == JobState::completed ? 100.0 : update.percentage;
  return state_move(parent_id, parent_state, chain, update);
}

bool complete_current_phase(ChainRun& chain, const std::optional<Json>& result) {
  chain.current()->result = result;
  chain.phases_completed++;
  return chain.current() != nullptr;
}

std::string phase_label(const ChainRun& chain) {
  int n = chain.current_phase().value_or(static_cast<int>(chain.phases.size()));
  return fmt::format("phase {} ({})", n, chain.phases[static_cast<std::size_t>(n - 1)].phase.type);
}

Json phase_results(const ChainRun& chain) {
  Json results = Json::array();
  for (const PhaseRun& phase : chain.phases) {
    results.push_back(phase.result ? *phase.result : Json(nullptr));
  }
  return {{"phases", std::move(results)}};
}

void update_chain_progress(Progress& progress, const ChainRun& chain, const std::string& item,
                           Millis elapsed) {
  progress.current = chain.phases_completed;
  progress.total = static_cast<std::int64_t>(chain.phases.size());
  double percentage =
      std::max(progress.weighted_percentage.value_or(0.0), chain.weighted_percentage());
  progress.weighted_percentage = percentage;
  progress.item = chain.current_phase()
                      ? fmt::format("{}{}", phase_label(chain), item.empty() ? "" : ": " + item)
                      : "";
  progress.eta_seconds = chain_eta_seconds(percentage, elapsed);
  progress.rate.reset();
}

}  // namespace drover
