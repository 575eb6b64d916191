// What a submit becomes, decided without the store: the job a request
// describes (type, queue and params checked, key computed), what it must hold
// while it runs, and whether an earlier job stands for it:
//   - dedupe: while the earlier job of the same key is unfinished, or within
//     the type's unique_for after it completed, the submit is that job;
//   - cache: a completed job of the same type and params answers for it
//     within the type's cache_ttl (it completes at once with that result);
//   - resume: an earlier job of the same key that stopped with a checkpoint
//     is resumed, not redone, unless the user forces a fresh start.
// The engine looks the earlier jobs up and applies these decisions.
//
// Pure: no clock, no I/O; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/job.h"
#include "core/result.h"
#include "sched/scheduler.h"
#include "store/store.h"

namespace drover {

struct SubmitRequest {
  std::string type;
  Json params = Json::object();
  std::optional<std::string> key;
  std::optional<std::string> queue;
  std::optional<int> priority;
  std::optional<Millis> delay;
  std::optional<Millis> at;
  bool force = false;
  std::vector<JobId> after;                 // runs once these completed
  std::vector<std::size_t> after_in_batch;  // ...and these jobs of the same batch (0-based)
};

// The queued job a request describes (no id yet), or why it is refused.
Result<Job> job_from_request(const Config& config, const SubmitRequest& request, Millis now);

// The resources and conflict key the job holds while it runs.
Result<Claims> claims_for(const Config& config, const Job& job);

// Whether `earlier`, the newest job of the same key, is the same job as a
// new submit at `now`.
bool is_same_work(const TypeConfig& type, const JobRef& earlier, Millis now);

// Whether a cache entry made at `created_at` still answers at `now`.
bool is_cache_fresh(const TypeConfig& type, Millis created_at, Millis now);

// The refusal of a submit that would redo `earlier`'s resumable work.
Error resumable_refusal(const Job& earlier, Millis now);

// "a, b, c": the names a map declares, for errors that list the choices.
std::string declared_names(const auto& map) {
  std::string names;
  for (const auto& [name, value] : map) names += (names.empty() ? "" : ", ") + name;
  return names;
}

}  // namespace drover
