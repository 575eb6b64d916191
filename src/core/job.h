// A job, its attempts and its history: the model every layer shares.
// Plain data; the rules about it live in job_state.h (transitions) and in
// the scheduler.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/chain.h"
#include "core/clock.h"
#include "core/job_state.h"
#include "core/recent_list.h"

namespace drover {

using Json = nlohmann::json;
using JobId = std::int64_t;

// What a user asked of a running job; decides the final state when it exits.
enum class StopRequest { none, cancel, pause, kill, timeout };
std::string_view stop_request_name(StopRequest request);
StopRequest parse_stop_request(std::string_view name);

struct FailedItem {
  std::string item;
  std::string error;
};

struct Progress {
  std::int64_t current = 0;
  std::optional<std::int64_t> total;
  std::string item;
  std::string message;
  std::optional<double> rate;  // items per second, smoothed
  std::optional<std::int64_t> eta_seconds;
  std::int64_t items_completed = 0;
  std::int64_t items_failed = 0;
  std::int64_t items_skipped = 0;
  // Capped lists, the newest kept.
  RecentList<FailedItem> failed;
  RecentList<std::string> completed;  // names of completed items
  RecentList<std::string> skipped;    // names of skipped items
  // A chain's percentage, the weighted sum of its phases', rather than
  // current/total (which count its phases).
  std::optional<double> weighted_percentage;
  // Pauses the job asked for in a row with no progress, item or checkpoint
  // between them (sched/job_pause.h); stored with the progress.
  int pauses_without_progress = 0;

  std::optional<double> percentage() const;
  bool empty() const { return current == 0 && !total && item.empty() && message.empty(); }
  // Nothing at all reported yet: a new job's progress.
  bool pristine() const;
};

struct Attempt {
  int n = 0;
  std::string token;  // names every write about this attempt; stale tokens are refused
  std::string node;
  std::optional<int> pid;  // the job's process (its process group leader)
  std::optional<int> shim_pid;
  std::uint64_t shim_start_ticks = 0;  // /proc start time: PID + start time, never a bare PID
  std::string boot_id;
  Millis started_at = 0;
  std::optional<Millis> ended_at;
  std::optional<int> exit_code;
  std::optional<int> signal;
  std::uint64_t log_bytes = 0;
  bool log_truncated = false;
  std::int64_t last_event_seq = 0;  // events up to this seq are applied to the job
  // Run by a worker (a type with runner = "worker") rather than a shim:
  // `worker` names the worker that fetched it (empty while on offer), which
  // holds it until `lease_until` unless it reports again.
  bool on_worker = false;
  std::string worker;
  std::optional<Millis> lease_until;
};

struct Transition {
  Millis at = 0;
  JobState from = JobState::queued;
  JobState to = JobState::queued;
  std::string reason;
};

struct Checkpoint {
  Json value;
  Millis saved_at = 0;
};

struct Job {
  JobId id = 0;
  std::string type;
  Json params = Json::object();
  std::optional<std::string> key;
  std::string queue = "default";
  int priority = 0;
  JobState state = JobState::queued;
  std::string state_reason;         // why it is in its state: "rate limited", "exit code 2"
  std::optional<Millis> resume_at;  // paused jobs resume, queued jobs wait until then
  Millis created_at = 0;
  std::optional<Millis> started_at;
  std::optional<Millis> finished_at;
  Progress progress;
  std::optional<Checkpoint> checkpoint;
  std::optional<Json> result;
  std::optional<std::string> error;
  std::optional<JobId> cached_from;
  std::vector<JobId> after;
  std::optional<JobId> parent;
  std::optional<ChainRun> chain;  // a chain's parent job: its phases
  StopRequest stop_request = StopRequest::none;
  std::vector<Attempt> attempts;
  std::vector<Transition> history;

  // Filled in by the engine when a job is shown, never stored.
  std::optional<std::string> wait_reason;
  bool deduplicated = false;

  // Stopped before completing (is_restartable) with a checkpoint to resume from.
  bool resumable() const { return is_restartable(state) && checkpoint.has_value(); }
  const Attempt* current_attempt() const { return attempts.empty() ? nullptr : &attempts.back(); }
  Attempt* current_attempt() { return attempts.empty() ? nullptr : &attempts.back(); }
};

}  // namespace drover
