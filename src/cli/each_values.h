// `drover run|submit --each V...`: many jobs in one request, one per value.
// Each value takes the place of `{}` in the command's words (run: the argv;
// submit: the NAME=VALUE params); a run whose argv has no `{}` gets the
// value as its last argument, as xargs does. The value `-` stands for the
// lines of stdin (empty lines skipped).
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "core/result.h"

namespace drover::cli {

// The values as given, with `-` replaced by the lines of `in`; a usage
// error when `-` is given and there is no stdin, or when no value remains.
Result<std::vector<std::string>> each_values(const std::vector<std::string>& given,
                                             std::istream* in);

// `words` with every `{}` replaced by `value`; when none holds `{}` and
// `append_when_absent`, `value` is added as the last word.
std::vector<std::string> words_for_value(const std::vector<std::string>& words,
                                         const std::string& value, bool append_when_absent);

}  // namespace drover::cli
