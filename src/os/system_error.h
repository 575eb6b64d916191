// Turns a failed system call into an Error a user can act on:
// "cannot open /x/spec.json: No such file or directory".
#pragma once

#include <string_view>

#include "core/result.h"

namespace drover {

// `what` says what was attempted ("cannot open /x/spec.json"); `err` is errno.
Error system_error(std::string_view what, int err);

// ENOENT -> not_found, EEXIST -> conflict, EACCES/EPERM -> invalid, else io.
ErrorCode error_code_for_errno(int err);

}  // namespace drover
