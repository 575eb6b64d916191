// The SQL both backends share is written once, with SQLite's numbered
// parameters (?1, ?2, ...); in_dialect() turns it into PostgreSQL's ($1, $2,
// ...). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace drover {

enum class SqlDialect { sqlite, postgres };

// `sql` with every ?N parameter written the way `dialect` spells it. The SQL
// this is used on has no '?' inside string literals.
std::string in_dialect(std::string_view sql, SqlDialect dialect);

}  // namespace drover
