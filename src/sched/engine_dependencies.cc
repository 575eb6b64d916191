// Engine: jobs that run after others (`--after 12`). A queued job whose
// dependencies have not all completed waits outside the scheduler, with the
// reason "after job N"; when one fails or is cancelled, so does it.
#include <fmt/format.h>

#include "sched/engine.h"

namespace drover {

namespace {

// Depth-first search for a cycle among the batch's own references; returns
// its path ("1 → 2 → 1"), or an empty string.
std::string batch_cycle(const std::vector<SubmitRequest>& requests) {
  enum class Mark { fresh, open, done };
  std::vector<Mark> marks(requests.size(), Mark::fresh);
  std::vector<std::size_t> path;
  std::function<std::string(std::size_t)> visit = [&](std::size_t at) -> std::string {
    marks[at] = Mark::open;
    path.push_back(at);
    for (std::size_t next : requests[at].after_in_batch) {
      if (marks[next] == Mark::open) {
        std::string cycle;
        auto from = std::find(path.begin(), path.end(), next);
        for (auto it = from; it != path.end(); ++it) cycle += fmt::format("{} → ", *it + 1);
        return cycle + std::to_string(next + 1);
      }
      if (marks[next] == Mark::fresh) {
        if (std::string cycle = visit(next); !cycle.empty()) return cycle;
      }
    }
    path.pop_back();
    marks[at] = Mark::done;
    return "";
  };
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (marks[i] != Mark::fresh) continue;
    if (std::string cycle = visit(i); !cycle.empty()) return cycle;
  }
  return "";
}

}  // namespace

Status Engine::link_dependencies(const std::vector<SubmitRequest>& requests,
                                 std::vector<Screened>& screened) {
  for (std::size_t i = 0; i < requests.size(); ++i) {
    for (std::size_t ref : requests[i].after_in_batch) {
      if (ref >= requests.size()) {
        return make_error(ErrorCode::invalid, "job {}: after \"@{}\": the batch has {} jobs", i + 1,
                          ref + 1, requests.size());
      }
    }
    for (JobId id : requests[i].after) {
      if (!dependency_state(id)) {
        return make_error(ErrorCode::not_found,
                          "after: there is no job {}; `drover ls --all` lists the jobs", id);
      }
    }
  }
  if (std::string cycle = batch_cycle(requests); !cycle.empty()) {
    return make_error(ErrorCode::invalid,
                      "the jobs of this batch wait for each other in a cycle ({}); remove one "
                      "of those \"after\" references",
                      cycle);
  }
  // Ids first, so that a job can name a later job of its batch.
  for (Screened& entry : screened) {
    entry.job.id = entry.duplicate_of ? *entry.duplicate_of : m_store.next_job_id();
  }
  for (std::size_t i = 0; i < requests.size(); ++i) {
    std::vector<JobId>& after = screened[i].job.after;
    after = requests[i].after;
    for (std::size_t ref : requests[i].after_in_batch) after.push_back(screened[ref].job.id);
  }
  return {};
}

std::optional<JobState> Engine::dependency_state(JobId id) {
  if (auto it = m_active.find(id); it != m_active.end()) return it->second.state;
  if (auto it = m_just_finished.find(id); it != m_just_finished.end()) return it->second;
  auto stored = m_store.get_job(id);
  if (!stored || !stored->has_value()) return std::nullopt;
  return (*stored)->state;
}

void Engine::wait_for_dependencies(const Job& job) {
  m_blocked[job.id] = job.after.front();
  m_unresolved.insert(job.id);
}

// Only the jobs waiting for `finished` look again: no store reads for the
// others on every job's end.
void Engine::release_dependents(JobId finished, std::optional<JobState> state) {
  m_blocked.erase(finished);
  if (state) m_just_finished[finished] = *state;
  for (const auto& [id, on] : m_blocked) {
    if (on == finished) m_unresolved.insert(id);
  }
}

// Until nothing changes: a dependent that fails makes its own dependents fail.
void Engine::resolve_dependencies() {
  while (!m_unresolved.empty()) {
    JobId id = *m_unresolved.begin();
    m_unresolved.erase(m_unresolved.begin());
    resolve_dependencies_of(id);
  }
}

void Engine::resolve_dependencies_of(JobId id) {
  auto it = m_active.find(id);
  if (it == m_active.end() || it->second.state != JobState::queued) {
    m_blocked.erase(id);
    return;
  }
  Job& job = it->second;
  for (JobId dependency : job.after) {
    std::optional<JobState> state = dependency_state(dependency);
    if (state == JobState::completed) continue;
    if (!state || state == JobState::failed || state == JobState::cancelled) {
      std::string what =
          !state ? "was removed" : (state == JobState::failed ? "failed" : "was cancelled");
      m_blocked.erase(id);
      job.error = fmt::format("dependency {} {}", dependency, what);
      finish(job, JobState::failed, *job.error);
      return;
    }
    m_blocked[id] = dependency;
    return;
  }
  m_blocked.erase(id);
  add_to_scheduler(job);
}

}  // namespace drover
