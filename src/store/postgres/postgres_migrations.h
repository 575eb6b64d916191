// The PostgreSQL schema as numbered migrations, the counterpart of
// sqlite/migrations.h. The table drover_schema holds the number of
// migrations applied; opening a store applies the missing ones in one
// transaction (PostgreSQL's DDL is transactional), under an advisory lock so
// that several nodes starting at once migrate once.
#pragma once

#include "core/result.h"
#include "store/postgres/pg_connection.h"

namespace drover {

// Number of migrations this build knows: the schema version it writes.
int latest_postgres_schema_version();

// Brings the schema up to date; refuses a database written by a newer drover.
Status migrate_postgres_schema(PgConnection& db);

}  // namespace drover
