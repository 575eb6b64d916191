#include "os/system_error.h"

#include <cerrno>
#include <cstring>

namespace drover {

ErrorCode error_code_for_errno(int err) {
  switch (err) {
    case ENOENT:
    case ESRCH:
      return ErrorCode::not_found;
    case EEXIST:
      return ErrorCode::conflict;
    case EACCES:
    case EPERM:
      return ErrorCode::invalid;
    default:
      return ErrorCode::io;
  }
}

Error system_error(std::string_view what, int err) {
  // strerror_r (GNU) may or may not use the buffer; it always returns the text.
  char buffer[128];
  const char* text = strerror_r(err, buffer, sizeof buffer);
  return make_error(error_code_for_errno(err), "{}: {}", what, text);
}

}  // namespace drover
