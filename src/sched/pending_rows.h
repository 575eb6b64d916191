// PendingRows: finds the job rows of a WriteBatch that is not stored yet, by
// job id or by (type, key). While a batch is staged or being committed on
// another thread the store shows older rows; the engine's reads look here
// first, so that a job that just finished is not read back as running, and
// a job submitted a moment ago is a duplicate for the next submit.
//
// The index holds positions in one batch: it is kept beside that batch and
// rebuilt when the batch's rows move (compaction, a failed commit merged back).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "store/store.h"

namespace drover {

class PendingRows {
 public:
  // The row just appended to `batch.jobs`.
  void note_job(const WriteBatch& batch);
  void note_delete(JobId id) { m_deleted.insert(id); }
  void rebuild(const WriteBatch& batch);
  void clear();

  // The newest row of `id` in `batch`, or nullptr.
  const Job* job(const WriteBatch& batch, JobId id) const;
  bool deleted(JobId id) const { return m_deleted.contains(id); }
  // The newest job of `type` and `key` with a row in the batch.
  std::optional<JobId> newest_with_key(const std::string& type, const std::string& key) const;

 private:
  static std::string key_of(const std::string& type, const std::string& key);
  void index_row(const Job& row, std::size_t position);

  std::unordered_map<JobId, std::size_t> m_rows;  // id -> position of its newest row
  std::unordered_map<std::string, JobId> m_newest_by_key;
  std::unordered_set<JobId> m_deleted;
};

}  // namespace drover
