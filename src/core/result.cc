#include "core/result.h"

namespace drover {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid:
      return "invalid";
    case ErrorCode::usage:
      return "usage";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::io:
      return "io";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

int exit_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::usage:
      return 2;
    case ErrorCode::not_found:
      return 3;
    case ErrorCode::conflict:
      return 4;
    default:
      return 1;
  }
}

int http_status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid:
    case ErrorCode::usage:
      return 400;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::unavailable:
      return 503;
    default:
      return 500;
  }
}

}  // namespace drover
