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

void PendingRows::index_row(const Job& row, std::size_t position) {
  m_rows[row.id] = position;
  if (!row.key) return;
  JobId& newest = m_newest_by_key[key_of(row.type, *row.key)];
  newest = std::max(newest, row.id);
}

void PendingRows::note_job(const WriteBatch& batch) {
  index_row(batch.jobs.back(), batch.jobs.size() - 1);
}

void PendingRows::rebuild(const WriteBatch& batch) {
  clear();
  for (std::size_t i = 0; i < batch.jobs.size(); ++i) index_row(batch.jobs[i], i);
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
