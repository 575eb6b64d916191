// Where a store lives, as the user wrote it in `[daemon] store`: a
// PostgreSQL connection string (postgresql://... or postgres://...) or a
// SQLite database path. Such a string may carry a password, so only its
// redacted form is ever printed or logged.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace drover {

// Whether `location` names a PostgreSQL database (by its URI scheme).
bool is_postgres_location(std::string_view location);

// `location` with every password replaced by "***": the one in the user
// info ("postgresql://user:secret@host/db") and any `password=` parameter.
std::string redacted_location(std::string_view location);

}  // namespace drover
