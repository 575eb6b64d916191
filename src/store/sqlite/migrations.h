// The SQLite schema as numbered migrations. The database's
// `PRAGMA user_version` is the number of migrations applied; opening a store
// applies the missing ones, all in one transaction, so a half-migrated
// database never exists.
#pragma once

#include "core/result.h"
#include "store/sqlite/sqlite_db.h"

namespace drover {

// Number of migrations this build knows: the schema version it writes.
int latest_schema_version();

// Brings the schema up to `target_version` (tests stop early to build an old
// database). Refuses a database written by a newer drover instead of guessing
// at its schema.
Status migrate_schema(SqliteDb& db, int target_version = latest_schema_version());

}  // namespace drover
