// Engine: jobs that run after others (`--after 12`). A queued job whose
// dependencies have not all completed waits outside the scheduler, with the
// reason "after job N"; when one fails or is cancelled, so does it.
#include <fmt/format.h>

#include "sched/dependency_rules.h"
#include "sched/engine.h"

namespace drover {

Status Engine::link_dependencies(const std::vector<SubmitRequest>& requests,
                                 std::vector<Screened>& screened) {
  DROVER_RETURN_IF_ERROR(check_batch_links(requests));
  for (const SubmitRequest& request : requests) {
    for (JobId id : request.after) {
      if (!dependency_state(id)) {
        return make_error(ErrorCode::not_found,
                          "after: there is no job {}; `drover ls --all` lists the jobs", id);
      }
    }
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
  if (m_commit.unstored_delete(id)) return std::nullopt;
  if (const Job* unstored = m_commit.unstored_job(id)) return unstored->state;
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
void Engine::release_dependents(JobId finished) {
  m_blocked.erase(finished);
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
    DependencyCheck check = check_dependency(dependency, dependency_state(dependency));
    if (check.verdict == DependencyVerdict::satisfied) continue;
    if (check.verdict == DependencyVerdict::failed) {
      m_blocked.erase(id);
      job.error = check.error;
      finish(job, JobState::failed, std::move(check.error));
      return;
    }
    m_blocked[id] = dependency;
    return;
  }
  m_blocked.erase(id);
  add_to_scheduler(job);
}

}  // namespace drover
