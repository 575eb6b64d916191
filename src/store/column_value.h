// A value bound to one SQL parameter, whichever backend binds it: what the
// shared row mappings (job_columns.h) hand to SQLite and PostgreSQL alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace drover {

// SQL NULL, an integer (booleans are 0 and 1), or text.
using ColumnValue = std::variant<std::nullptr_t, std::int64_t, std::string>;
using ColumnValues = std::vector<ColumnValue>;

}  // namespace drover
