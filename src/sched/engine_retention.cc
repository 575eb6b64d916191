// Engine: retention — finished jobs older than [retention] finished go
// (keeping the newest keep_last), with their folders; checkpoints older than
// [retention] checkpoints go, with the partial work beside them.
#include <filesystem>

#include <spdlog/spdlog.h>

#include "sched/engine.h"

namespace drover {
namespace {

constexpr Millis kSweepEvery = 60'000;
constexpr int kPage = 500;

}  // namespace

void Engine::arm_retention() {
  m_retention_timer.expires_after(std::chrono::milliseconds(kSweepEvery));
  m_retention_timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    const RetentionConfig& retention = m_config.retention;
    clean(CleanRequest{retention.finished, retention.keep_last, false},
          [](Result<std::vector<JobId>> removed) {
            if (!removed) spdlog::warn("retention: {}", removed.error().message);
            else if (!removed->empty()) spdlog::info("retention removed {} jobs", removed->size());
          });
    drop_stale_checkpoints();
    drop_expired_cache();
    arm_retention();
  });
}

Result<std::vector<JobId>> Engine::expired_jobs(const CleanRequest& request) {
  Millis cutoff = m_clock.now() - request.older_than;
  JobFilter filter;
  filter.states = {JobState::completed, JobState::failed, JobState::cancelled};
  filter.limit = kPage;
  std::vector<JobId> expired;
  int seen = 0;
  // Newest first: the first keep_last finished jobs stay whatever their age.
  for (bool more = true; more;) {
    auto page = m_store.list_jobs(filter);
    if (!page) return page.error();
    for (const Job& job : *page) {
      if (++seen > request.keep && job.finished_at.value_or(job.created_at) < cutoff) {
        expired.push_back(job.id);
      }
    }
    more = static_cast<int>(page->size()) == kPage;
    if (more) filter.before_id = page->back().id;
  }
  return expired;
}

void Engine::clean(CleanRequest request, Reply<std::vector<JobId>> reply) {
  auto expired = expired_jobs(request);
  if (!expired || request.dry_run) return reply(std::move(expired));
  for (JobId id : *expired) m_commit.batch().deleted_jobs.push_back(id);
  m_commit.request(Durability::full, [this, ids = *expired, reply](Status status) {
    if (!status) return reply(status.error());
    for (JobId id : ids) remove_job_folder(id);
    reply(ids);
  });
}

void Engine::drop_stale_checkpoints() {
  auto jobs = resumable_jobs(std::nullopt, std::nullopt, 1000);
  if (!jobs) return;
  Millis cutoff = m_clock.now() - m_config.retention.checkpoints;
  for (Job& stored : *jobs) {
    if (stored.checkpoint->saved_at >= cutoff) continue;
    auto it = m_active.find(stored.id);
    Job& job = it != m_active.end() ? it->second : stored;
    job.checkpoint.reset();
    stage_job(job);
    std::error_code ignored;
    std::filesystem::remove_all(m_launcher->job_dir(job.id), ignored);
    spdlog::info("job {}: checkpoint older than {} removed", job.id,
                 format_rfc3339(cutoff));
  }
  m_commit.request(Durability::full);
}

void Engine::remove_job_folder(JobId id) {
  std::error_code ignored;
  std::filesystem::remove_all(m_options.state_dir / "jobs" / std::to_string(id), ignored);
}

}  // namespace drover
