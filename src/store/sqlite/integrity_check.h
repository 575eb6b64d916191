// The start-up integrity check of the SQLite file: a damaged database must
// stop the daemon with the way out, not let it say "ready" and accept jobs
// it may lose. Not thread-safe: runs on the store's connection before use.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "store/sqlite/sqlite_db.h"

namespace drover {

// Runs `PRAGMA quick_check` (every page and b-tree, without comparing
// indexes to their tables: linear in the file size, about 0.1 s per 100,000
// jobs) and returns an error naming the file, the first problem found and
// what to do when it reports anything but "ok".
Status check_integrity(SqliteDb& db);

// What to do about the damaged database at `path`: keep a copy, move it
// aside (with its -wal and -shm files) or recover its rows.
std::string damaged_database_advice(std::string_view path);

}  // namespace drover
