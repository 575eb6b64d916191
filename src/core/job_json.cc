#include "core/job_json.h"

namespace drover {
namespace {

template <typename T>
Json optional_json(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json time_json(const std::optional<Millis>& at) {
  return at ? Json(format_rfc3339(*at)) : Json(nullptr);
}

template <typename T>
std::optional<T> optional_from(const Json& json, const char* name) {
  auto it = json.find(name);
  if (it == json.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

std::optional<Millis> time_from(const Json& json, const char* name) {
  auto text = optional_from<std::string>(json, name);
  return text ? parse_rfc3339(*text) : std::nullopt;
}

Json history_to_json(const std::vector<Transition>& history) {
  Json list = Json::array();
  for (const Transition& t : history) {
    list.push_back({{"at", format_rfc3339(t.at)},
                    {"from", state_name(t.from)},
                    {"to", state_name(t.to)},
                    {"reason", t.reason}});
  }
  return list;
}

std::vector<Transition> history_from_json(const Json& json) {
  std::vector<Transition> history;
  for (const Json& entry : json) {
    Transition t;
    t.at = time_from(entry, "at").value_or(0);
    t.from = parse_state(entry.value("from", "")).value_or(JobState::queued);
    t.to = parse_state(entry.value("to", "")).value_or(JobState::queued);
    t.reason = entry.value("reason", "");
    history.push_back(std::move(t));
  }
  return history;
}

// A chain's parent shows its phases, how many completed, and which one runs
// (or failed): `current_phase` and `phase_name`.
void add_chain_fields(Json& json, const ChainRun& chain) {
  Json run = chain_run_to_json(chain);
  json["chain_name"] = run["name"];
  json["phases"] = std::move(run["phases"]);
  json["phases_completed"] = chain.phases_completed;
  std::optional<int> current = chain.current_phase();
  json["current_phase"] = optional_json(current);
  json["phase_name"] = current
                           ? Json(chain.phases[static_cast<std::size_t>(*current - 1)].phase.type)
                           : Json(nullptr);
}

}  // namespace

Json progress_to_json(const Progress& p) {
  Json failed = Json::array();
  for (const FailedItem& f : p.failed) failed.push_back({{"item", f.item}, {"error", f.error}});
  Json json = {{"current", p.current},
               {"total", optional_json(p.total)},
               {"percentage", optional_json(p.percentage())},
               {"item", p.item.empty() ? Json(nullptr) : Json(p.item)},
               {"message", p.message.empty() ? Json(nullptr) : Json(p.message)},
               {"rate", optional_json(p.rate)},
               {"eta_seconds", optional_json(p.eta_seconds)},
               {"items_completed", p.items_completed},
               {"items_failed", p.items_failed},
               {"items_skipped", p.items_skipped},
               {"failed", std::move(failed)},
               {"completed", p.completed.to_vector()},
               {"skipped", p.skipped.to_vector()}};
  if (p.weighted_percentage) json["weighted_percentage"] = *p.weighted_percentage;
  if (p.pauses_without_progress > 0) json["pauses_without_progress"] = p.pauses_without_progress;
  return json;
}

Progress progress_from_json(const Json& json) {
  Progress p;
  if (!json.is_object()) return p;
  p.current = json.value("current", std::int64_t{0});
  p.total = optional_from<std::int64_t>(json, "total");
  p.item = optional_from<std::string>(json, "item").value_or("");
  p.message = optional_from<std::string>(json, "message").value_or("");
  p.rate = optional_from<double>(json, "rate");
  p.eta_seconds = optional_from<std::int64_t>(json, "eta_seconds");
  p.weighted_percentage = optional_from<double>(json, "weighted_percentage");
  p.items_completed = json.value("items_completed", std::int64_t{0});
  p.items_failed = json.value("items_failed", std::int64_t{0});
  p.items_skipped = json.value("items_skipped", std::int64_t{0});
  p.pauses_without_progress = json.value("pauses_without_progress", 0);
  if (auto it = json.find("failed"); it != json.end() && it->is_array()) {
    std::vector<FailedItem> failed;
    for (const Json& f : *it) failed.push_back({f.value("item", ""), f.value("error", "")});
    p.failed = RecentList(std::move(failed));
  }
  p.completed = RecentList(json.value("completed", std::vector<std::string>{}));
  p.skipped = RecentList(json.value("skipped", std::vector<std::string>{}));
  return p;
}

Json attempt_to_json(const Attempt& a) {
  Json json = {{"n", a.n},
               {"pid", optional_json(a.pid)},
               {"node", a.node},
               {"started_at", format_rfc3339(a.started_at)},
               {"ended_at", time_json(a.ended_at)},
               {"exit_code", optional_json(a.exit_code)},
               {"signal", optional_json(a.signal)},
               {"log_bytes", a.log_bytes},
               {"log_truncated", a.log_truncated}};
  // Only worker attempts have these: who holds it and until when.
  if (a.on_worker) {
    json["worker"] = a.worker.empty() ? Json(nullptr) : Json(a.worker);
    json["lease_until"] = time_json(a.lease_until);
  }
  return json;
}

Attempt attempt_from_json(const Json& json) {
  Attempt a;
  a.n = json.value("n", 0);
  a.pid = optional_from<int>(json, "pid");
  a.node = json.value("node", "");
  a.started_at = time_from(json, "started_at").value_or(0);
  a.ended_at = time_from(json, "ended_at");
  a.exit_code = optional_from<int>(json, "exit_code");
  a.signal = optional_from<int>(json, "signal");
  a.log_bytes = json.value("log_bytes", std::uint64_t{0});
  a.log_truncated = json.value("log_truncated", false);
  a.on_worker = json.contains("worker");
  if (a.on_worker && json["worker"].is_string()) a.worker = json["worker"].get<std::string>();
  a.lease_until = time_from(json, "lease_until");
  return a;
}

Json job_to_json(const Job& job, JsonDetail detail) {
  Json attempts = Json::array();
  for (const Attempt& a : job.attempts) attempts.push_back(attempt_to_json(a));
  Json checkpoint = nullptr;
  if (job.checkpoint) {
    checkpoint = {{"value", job.checkpoint->value},
                  {"saved_at", format_rfc3339(job.checkpoint->saved_at)}};
  }
  Json json = {{"id", job.id},
               {"type", job.type},
               {"params", job.params},
               {"key", optional_json(job.key)},
               {"queue", job.queue},
               {"priority", job.priority},
               {"state", state_name(job.state)},
               {"state_reason", job.state_reason.empty() ? Json(nullptr) : Json(job.state_reason)},
               {"wait_reason", optional_json(job.wait_reason)},
               {"resume_at", time_json(job.resume_at)},
               {"resumable", job.resumable()},
               {"created_at", format_rfc3339(job.created_at)},
               {"started_at", time_json(job.started_at)},
               {"finished_at", time_json(job.finished_at)},
               {"progress", progress_to_json(job.progress)},
               {"checkpoint", std::move(checkpoint)},
               {"result", job.result ? *job.result : Json(nullptr)},
               {"error", optional_json(job.error)},
               {"cached_from", optional_json(job.cached_from)},
               {"deduplicated", job.deduplicated},
               {"after", job.after},
               {"parent", optional_json(job.parent)},
               {"phases", nullptr},
               {"attempts", std::move(attempts)}};
  if (job.chain) add_chain_fields(json, *job.chain);
  if (detail == JsonDetail::full) json["history"] = history_to_json(job.history);
  return json;
}

Job job_from_json(const Json& json) {
  Job job;
  job.id = json.value("id", JobId{0});
  job.type = json.value("type", "");
  job.params = json.value("params", Json::object());
  job.key = optional_from<std::string>(json, "key");
  job.queue = json.value("queue", "default");
  job.priority = json.value("priority", 0);
  job.state = parse_state(json.value("state", "")).value_or(JobState::queued);
  job.state_reason = optional_from<std::string>(json, "state_reason").value_or("");
  job.wait_reason = optional_from<std::string>(json, "wait_reason");
  job.resume_at = time_from(json, "resume_at");
  job.created_at = time_from(json, "created_at").value_or(0);
  job.started_at = time_from(json, "started_at");
  job.finished_at = time_from(json, "finished_at");
  job.progress = progress_from_json(json.value("progress", Json::object()));
  if (auto it = json.find("checkpoint"); it != json.end() && it->is_object()) {
    job.checkpoint = Checkpoint{it->value("value", Json()), time_from(*it, "saved_at").value_or(0)};
  }
  if (auto it = json.find("result"); it != json.end() && !it->is_null()) job.result = *it;
  job.error = optional_from<std::string>(json, "error");
  job.cached_from = optional_from<JobId>(json, "cached_from");
  job.deduplicated = json.value("deduplicated", false);
  job.after = json.value("after", std::vector<JobId>{});
  job.parent = optional_from<JobId>(json, "parent");
  if (auto it = json.find("phases"); it != json.end() && it->is_array()) {
    job.chain = chain_run_from_json({{"name", json.value("chain_name", "")},
                                     {"phases", *it},
                                     {"phases_completed", json.value("phases_completed", 0)}});
  }
  if (auto it = json.find("attempts"); it != json.end() && it->is_array()) {
    for (const Json& a : *it) job.attempts.push_back(attempt_from_json(a));
  }
  if (auto it = json.find("history"); it != json.end() && it->is_array()) {
    job.history = history_from_json(*it);
  }
  return job;
}

}  // namespace drover
