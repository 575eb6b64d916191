// The small HTML page a browser sees at / before it has the token cookie:
// one token field posted to /login. Text is escaped; the page loads nothing.
#pragma once

#include <string_view>

#include "api/http_message.h"

namespace drover {

// The login form with `status`, and `notice` (e.g. "wrong token") above it.
HttpResponse login_page(int status, std::string_view notice);

}  // namespace drover
