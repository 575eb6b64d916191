#include "sched/pending_rows.h"

#include <algorithm>

namespace drover {

std::string PendingRows::key_of(const std::string& type, const std::string& key) {
  std::string joined;
  joined.reserve(type.size() + 1 + key.size());
  joined.append(type).push_back('\0');  // no type name holds a NUL
  joined.append(key);
  return joined;
}

void PendingRows::note_job(const WriteBatch& batch) {
  const Job& row = batch.jobs.back();
  m_rows[row.id] = batch.jobs.size() - 1;
  if (!row.key) return;
  JobId& newest = m_newest_by_key[key_of(row.type, *row.key)];
  newest = std::max(newest, row.id);
}

void PendingRows::rebuild(const WriteBatch& batch) {
  clear();
  for (std::size_t i = 0; i < batch.jobs.size(); ++i) {
    m_rows[batch.jobs[i].id] = i;
    if (const auto& key = batch.jobs[i].key) {
      JobId& newest = m_newest_by_key[key_of(batch.jobs[i].type, *key)];
      newest = std::max(newest, batch.jobs[i].id);
    }
  }
  m_deleted.insert(batch.deleted_jobs.begin(), batch.deleted_jobs.end());
}

void PendingRows::clear() {
  m_rows.clear();
  m_newest_by_key.clear();
  m_deleted.clear();
}

const Job* PendingRows::job(const WriteBatch& batch, JobId id) const {
  auto it = m_rows.find(id);
  return it == m_rows.end() ? nullptr : &batch.jobs[it->second];
}

std::optional<JobId> PendingRows::newest_with_key(const std::string& type,
                                                  const std::string& key) const {
  auto it = m_newest_by_key.find(key_of(type, key));
  if (it == m_newest_by_key.end()) return std::nullopt;
  return it->second;
}

}  // namespace drover
