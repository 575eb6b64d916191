// What a chain's parent job does when the job of its current phase changes:
// it follows the phase's state (queued, running, interrupted), pauses with
// it, starts the next phase when it completes (or completes itself after the
// last), and fails or is cancelled with it. A late change of an earlier
// phase's job is ignored. The parent's bar is the weighted sum of its
// phases and never moves back (a resumed phase reports again from its
// checkpoint).
//
// Pure: no clock, no I/O; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "core/chain.h"
#include "core/job.h"

namespace drover {

// What the parent learns of its phase's job.
struct PhaseUpdate {
  JobId parent = 0;
  JobId child = 0;
  JobState state = JobState::queued;
  double percentage = 0;
  std::optional<Json> result;
  std::string reason;
  std::string item;
};

enum class ChainStep {
  ignore,           // not the current phase's news
  stay,             // the parent keeps its state (its record of the phase changed)
  follow,           // the parent takes `state`, for `reason`
  pause,            // the parent pauses, for `reason`
  phase_completed,  // the next phase starts, or the chain completes
  fail,             // the chain fails: `reason` is its error
  cancel,
};

struct ChainMove {
  ChainStep step = ChainStep::ignore;
  JobState state = JobState::queued;
  std::string reason;
};

// Records the update in the chain's current phase and says what the parent
// (now in `parent_state`) does.
ChainMove follow_phase_update(ChainRun& chain, long long parent_id, JobState parent_state,
                              const PhaseUpdate& update);

// Marks the current phase completed with its result; true when another
// phase follows, false when the chain is done.
bool complete_current_phase(ChainRun& chain, const std::optional<Json>& result);

// "phase 2 (index)": the current phase, or the last once all are done.
std::string phase_label(const ChainRun& chain);

// {"phases": [result of phase 1, ...]}: a completed chain's result.
Json phase_results(const ChainRun& chain);

// The parent's progress: phases done of all, the weighted percentage (never
// lower than before), the current phase as its item, an ETA from the pace
// kept over `elapsed`.
void update_chain_progress(Progress& progress, const ChainRun& chain, const std::string& item,
                           Millis elapsed);

}  // namespace drover
