// Engine: the result cache. A completed job of a type with cache_ttl stands
// for later submissions of the same type and canonical params until the TTL
// runs out: they complete at once with its result and a copy of its
// artifacts, and say `cached_from`.
#include <filesystem>

#include <spdlog/spdlog.h>

#include "sched/engine.h"

namespace drover {
namespace {

// Hard links where possible (same file system, no copy of big artifacts).
void copy_artifacts(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::error_code ec;
  if (!std::filesystem::exists(from, ec)) return;
  std::filesystem::create_directories(to, ec);
  auto options =
      std::filesystem::copy_options::recursive | std::filesystem::copy_options::create_hard_links;
  std::filesystem::copy(from, to, options, ec);
  if (ec) {
    ec.clear();
    std::filesystem::copy(from, to, std::filesystem::copy_options::recursive, ec);
  }
  if (ec)
    spdlog::warn("cannot copy artifacts {} to {}: {}", from.string(), to.string(), ec.message());
}

}  // namespace

Result<std::optional<Job>> Engine::find_cached(const Job& job) {
  const TypeConfig* type = m_config.find_type(job.type);
  if (type == nullptr || !type->cache_ttl) return std::optional<Job>();
  DROVER_TRY(entry, m_store.find_cache(job.type, job.params.dump()));
  if (!entry->has_value() || !is_cache_fresh(*type, (*entry)->created_at, m_clock.now())) {
    return std::optional<Job>();
  }
  // The source's row is enough: its attempts and history are not copied.
  DROVER_TRY(source, m_store.get_job_row((*entry)->job_id));
  if (!source->has_value() || (*source)->state != JobState::completed) return std::optional<Job>();
  return std::optional<Job>(std::move(**source));
}

JobId Engine::admit_cached(Job job, const Job& source) {
  Millis now = m_clock.now();
  if (job.id == 0) job.id = m_store.next_job_id();
  job.result = source.result;
  job.progress = source.progress;
  job.cached_from = source.id;
  job.started_at = now;
  m_commit.batch().history.emplace_back(
      job.id, Transition{now, JobState::queued, JobState::queued, "submitted"});
  (void)transition(job, JobState::completed, fmt::format("result cached from job {}", source.id));
  auto entry = m_store.find_cache(source.type, source.params.dump());
  if (entry && entry->has_value()) {
    CacheEntry touched = **entry;
    touched.last_accessed = now;
    m_commit.batch().cache_puts.push_back(touched);
  }
  copy_artifacts(m_runner->artifacts_dir(source.id), m_runner->artifacts_dir(job.id));
  return job.id;
}

void Engine::cache_result(const Job& job) {
  const TypeConfig* type = m_config.find_type(job.type);
  if (type == nullptr || !type->cache_ttl || job.cached_from) return;
  Millis now = m_clock.now();
  m_commit.batch().cache_puts.push_back(CacheEntry{job.type, job.params.dump(), job.id, now, now});
}

void Engine::drop_expired_cache() {
  auto entries = m_store.list_cache();
  if (!entries) return;
  Millis now = m_clock.now();
  for (const CacheEntry& entry : *entries) {
    const TypeConfig* type = m_config.find_type(entry.type);
    if (type && is_cache_fresh(*type, entry.created_at, now)) continue;
    m_commit.batch().cache_deletes.push_back(entry.job_id);
    m_reaper.remove(m_runner->artifacts_dir(entry.job_id));
  }
  m_commit.request(Durability::full);
}

Result<std::vector<CacheEntry>> Engine::cache_entries() { return m_store.list_cache(); }

void Engine::remove_cache_entry(JobId source, Reply<JobId> reply) {
  m_commit.batch().cache_deletes.push_back(source);
  m_commit.request(Durability::full, [source, reply = std::move(reply)](Status status) {
    if (!status) return reply(status.error());
    reply(source);
  });
}

}  // namespace drover
