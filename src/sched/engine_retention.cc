// Engine: retention — finished jobs older than [retention] finished go
// (keeping the newest keep_last), with their folders; checkpoints older than
// [retention] checkpoints go, with the partial work beside them.
#include <filesystem>
#include <limits>
#include <memory>

#include <spdlog/spdlog.h>

#include "sched/engine.h"

namespace drover {
namespace {

constexpr Millis kSweepEvery = 60'000;
// Jobs deleted per transaction: a batch of 250 takes ~10 ms of the event
// loop (1000 took a few times 50 ms: SQLite rewrites every index page a
// delete touches), so a million expired jobs never hold it for long.
constexpr int kCleanBatch = 250;

}  // namespace

void Engine::arm_retention() {
  m_retention_alarm.set(m_clock.now() + kSweepEvery, [this] {
    const RetentionConfig& retention = m_config.retention;
    // A sweep of many jobs outlasts the period: one at a time.
    if (!m_sweeping) {
      m_sweeping = true;
      clean(CleanRequest{retention.finished, retention.keep_last, false},
            [this](Result<std::vector<JobId>> removed) {
              m_sweeping = false;
              if (!removed)
                spdlog::warn("retention: {}", removed.error().message);
              else if (!removed->empty())
                spdlog::info("retention removed {} jobs", removed->size());
            });
    }
    drop_stale_checkpoints();
    drop_expired_cache();
    arm_retention();
  });
}

void Engine::clean(CleanRequest request, Reply<std::vector<JobId>> reply) {
  Millis cutoff = m_clock.now() - request.older_than;
  if (request.dry_run) {
    // Ids only, read from an index: no job row is loaded.
    return reply(m_store.find_expired(cutoff, request.keep, std::numeric_limits<int>::max()));
  }
  clean_in_batches(cutoff, request.keep, std::make_shared<std::vector<JobId>>(), std::move(reply));
}

void Engine::clean_in_batches(Millis cutoff, int keep, std::shared_ptr<std::vector<JobId>> removed,
                              Reply<std::vector<JobId>> reply) {
  auto batch = m_store.find_expired(cutoff, keep, kCleanBatch);
  if (!batch) return reply(batch.error());
  // A job retried or resumed a moment ago is finished only in the store's
  // older row; a sweep that finds nothing else is done.
  std::erase_if(*batch, [this](JobId id) {
    return m_active.contains(id) || m_commit.unstored_job(id) != nullptr;
  });
  if (batch->empty()) return reply(std::move(*removed));
  for (JobId id : *batch) m_commit.stage_delete(id);
  // The next batch starts from the commit's completion, a later turn of the
  // event loop: requests that arrived meanwhile are served in between.
  m_commit.request(Durability::full, [this, cutoff, keep, ids = std::move(*batch), removed,
                                      reply = std::move(reply)](Status status) mutable {
    if (!status) return reply(status.error());
    for (JobId id : ids) remove_job_folder(id);
    removed->insert(removed->end(), ids.begin(), ids.end());
    clean_in_batches(cutoff, keep, std::move(removed), std::move(reply));
  });
}

void Engine::drop_stale_checkpoints() {
  auto jobs = resumable_jobs(1000);
  if (!jobs) return;
  Millis cutoff = m_clock.now() - m_config.retention.checkpoints;
  for (Job& stored : *jobs) {
    if (stored.checkpoint->saved_at >= cutoff) continue;
    // A newer change (a cancel, a delete) is on its way to the store: the
    // stored row must not be written back over it.
    if (m_commit.unstored_job(stored.id) || m_commit.unstored_delete(stored.id)) continue;
    auto it = m_active.find(stored.id);
    Job& job = it != m_active.end() ? it->second : stored;
    job.checkpoint.reset();
    stage_job(job);
    m_reaper.remove(m_runner->job_dir(job.id));
    spdlog::info("job {}: checkpoint older than {} removed", job.id, format_rfc3339(cutoff));
  }
  m_commit.request(Durability::full);
}

void Engine::remove_job_folder(JobId id) {
  // The job is gone from the store: nothing will use its folder again.
  m_reaper.remove_later(m_options.state_dir / "jobs" / std::to_string(id));
}

}  // namespace drover
