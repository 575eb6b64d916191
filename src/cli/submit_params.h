// The `k=v` arguments of `drover submit TYPE k=v ...` as a params object.
// A param the type's schema declares is read as its declared type, so
// `dimension=768` is "768" for a string param and 768 for an integer one;
// a value that can't be read so is a usage error. Other values are read as
// JSON when they parse as a number, a boolean, an array or an object
// (`retries=3`, `force=true`, `tags=["a","b"]`); anything else, `null`
// included, is a string (`url=https://...`, `name=null`), and the daemon
// says what is wrong with them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/job.h"
#include "core/result.h"

namespace drover::cli {

Json parse_param_value(std::string_view text);

// Usage error naming the argument when one has no '=' or an empty name, or
// when a name is given twice.
// `schema` is the type's params as GET /api/types gives them (a JSON Schema
// object with "properties"); null when unknown.
Result<Json> parse_params(const std::vector<std::string>& assignments,
                          const Json& schema = nullptr);

}  // namespace drover::cli
