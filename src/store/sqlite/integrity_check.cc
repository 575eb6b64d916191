#include "store/sqlite/integrity_check.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace drover {

Status check_integrity(SqliteDb& db) {
  // One problem is enough to refuse; the full list is `sqlite3 FILE 'PRAGMA quick_check'`.
  Result<std::string> verdict = db.query_text("PRAGMA quick_check(1)");
  if (verdict && *verdict == "ok") return {};
  // A page too broken to walk makes the check itself fail with SQLITE_CORRUPT.
  int failure = sqlite3_errcode(db.raw()) & 0xff;
  if (!verdict && failure != SQLITE_CORRUPT && failure != SQLITE_NOTADB) return verdict.error();
  return make_error(ErrorCode::io, "the database {} is damaged (integrity check: {}); {}",
                    db.path(), verdict ? *verdict : sqlite3_errmsg(db.raw()),
                    damaged_database_advice(db.path()));
}

std::string damaged_database_advice(std::string_view path) {
  return fmt::format(
      "stop here and keep a copy of it. Either move it aside with its -wal and -shm files "
      "(`mv {0} {0}.damaged; mv {0}-wal {0}-wal.damaged; mv {0}-shm {0}-shm.damaged`): the "
      "next start creates an empty database whose job ids start above the job folders kept; "
      "or recover what can be read (`sqlite3 {0} .recover | sqlite3 {0}.recovered`), move "
      "the damaged files aside and {0}.recovered to {0}",
      path);
}

}  // namespace drover
