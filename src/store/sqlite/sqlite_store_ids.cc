// SqliteStore: raising the job id sequence above ids taken outside the store.
#include "store/sqlite/sqlite_store.h"

namespace drover {

// In memory only: the first job stored above `taken` raises the stored
// high-water mark (a trigger), and until then every start scans again.
bool SqliteStore::reserve_job_ids_through(JobId taken) {
  if (taken <= m_last_id) return false;
  m_last_id = taken;
  return true;
}

}  // namespace drover
