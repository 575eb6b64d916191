// Who may talk to the daemon. The unix socket is trusted (mode 0600). Over
// TCP every request but /healthz carries the token (Authorization: Bearer,
// or the cookie set by opening /?token=T once); Host must name a loopback
// address (no DNS rebinding) and a browser's Origin must be that same host
// (no cross-site requests).
#pragma once

#include <optional>
#include <string>

#include "api/http_message.h"

namespace drover {

struct AccessRequest {
  bool trusted = false;
  std::string path;
  std::string host;
  std::string origin;
  std::string authorization;
  std::string cookie;
};

inline constexpr const char* kTokenCookie = "drover_token";

// nullopt when the request may proceed; otherwise the refusal to send.
std::optional<HttpResponse> check_access(const AccessRequest& request, const std::string& token);

// A random token for a new state dir (hex, 256 bits).
std::string generate_token();

}  // namespace drover
