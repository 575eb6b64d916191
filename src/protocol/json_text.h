// JSON to and from text without exceptions, for input that comes from jobs
// (any bytes at all) and from files another process may have half-written.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/job.h"
#include "core/result.h"

namespace drover {

// Nesting deeper than this is refused: printing a deeper value would recurse
// deeply enough to threaten the stack.
inline constexpr int kMaxJsonDepth = 64;

// Compact JSON; invalid UTF-8 in strings is replaced (U+FFFD), never thrown.
std::string to_json_text(const Json& value);

// Parses one JSON value; `what` names the text in the error
// ("checkpoint: invalid JSON at byte 12").
Result<Json> parse_json_text(std::string_view text, std::string_view what);

// Typed field access for the shim files: an error names the field.
Result<std::int64_t> int_field(const Json& object, const char* name);
Result<std::string> string_field(const Json& object, const char* name);
std::optional<std::int64_t> optional_int_field(const Json& object, const char* name);

}  // namespace drover
