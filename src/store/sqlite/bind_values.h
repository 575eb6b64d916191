// Binding the backend-neutral ColumnValues of the shared row mappings
// (job_columns.h) to a SQLite statement.
#pragma once

#include "store/column_value.h"
#include "store/sqlite/sqlite_db.h"

namespace drover {

// Binds `values` in order to ?1, ?2, ...
void bind_values(Statement& statement, const ColumnValues& values);

}  // namespace drover
