#include "core/job_state.h"

#include <array>

#include "core/enum_names.h"

namespace drover {
namespace {

constexpr EnumNames<JobState, 7> kNames{{
    {JobState::queued, "queued"},
    {JobState::running, "running"},
    {JobState::completed, "completed"},
    {JobState::failed, "failed"},
    {JobState::cancelled, "cancelled"},
    {JobState::paused, "paused"},
    {JobState::interrupted, "interrupted"},
}};

struct Arrow {
  JobState from;
  JobState to;
};

// The state diagram of DESIGN.md, one arrow per row.
constexpr std::array<Arrow, 19> kArrows{{
    {JobState::queued, JobState::running},
    {JobState::queued, JobState::completed},  // answered from the result cache
    {JobState::queued, JobState::cancelled},  // cancelled before it started
    {JobState::queued, JobState::paused},     // paused by a user before it started
    {JobState::queued, JobState::failed},     // a dependency failed
    {JobState::running, JobState::completed},
    {JobState::running, JobState::failed},
    {JobState::running, JobState::cancelled},
    {JobState::running, JobState::paused},
    {JobState::running, JobState::interrupted},
    {JobState::running, JobState::queued},  // the attempt provably never started
    {JobState::paused, JobState::queued},   // resume, or auto-resume at resume_at
    {JobState::paused, JobState::cancelled},
    {JobState::interrupted, JobState::queued},
    {JobState::interrupted, JobState::cancelled},
    {JobState::failed, JobState::queued},     // retry
    {JobState::cancelled, JobState::queued},  // resume from checkpoint
    {JobState::paused, JobState::failed},     // a pause whose job can no longer resume
    {JobState::interrupted, JobState::failed},
}};

}  // namespace

std::string_view state_name(JobState state) {
  std::string_view name = name_of(kNames, state);
  return name.empty() ? "unknown" : name;
}

std::optional<JobState> parse_state(std::string_view name) { return value_of(kNames, name); }

bool is_finished(JobState state) {
  return state == JobState::completed || state == JobState::failed || state == JobState::cancelled;
}

bool is_restartable(JobState state) {
  return state == JobState::paused || state == JobState::interrupted || state == JobState::failed ||
         state == JobState::cancelled;
}

Status check_transition(long long job_id, JobState from, JobState to) {
  for (const Arrow& arrow : kArrows) {
    if (arrow.from == from && arrow.to == to) return {};
  }
  return make_error(ErrorCode::conflict, "job {} is {}; it cannot become {}", job_id,
                    state_name(from), state_name(to));
}

}  // namespace drover
