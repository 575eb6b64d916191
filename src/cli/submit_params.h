// The `k=v` arguments of `drover submit TYPE k=v ...` as a params object.
// A value is read as JSON when it parses as a number, a boolean, an array or
// an object (`retries=3`, `force=true`, `tags=["a","b"]`); anything else,
// `null` included, is a string (`url=https://...`, `name=null`).
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
Result<Json> parse_params(const std::vector<std::string>& assignments);

}  // namespace drover::cli
