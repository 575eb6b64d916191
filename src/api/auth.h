// Who may talk to the daemon. The unix socket is trusted (mode 0600). Over
// TCP:
// - Host must be one of this daemon's own addresses (127.0.0.1:PORT,
//   localhost:PORT, [::1]:PORT, the configured listen address): this stops
//   DNS rebinding. Otherwise 403.
// - A state-changing request (not GET/HEAD) that carries an Origin must come
//   from one of those same hosts: no cross-site POST. Otherwise 403.
// - Every request but /healthz carries the token: `Authorization: Bearer T`,
//   or the HttpOnly cookie a browser gets by opening /?token=T once or by
//   posting the login form to /login. Otherwise 401 (an HTML login form for
//   a browser opening /, the JSON error format everywhere else).
#pragma once

#include <optional>
#include <set>
#include <string>

#include "api/http_message.h"

namespace drover {

struct AccessPolicy {
  std::string token;
  std::set<std::string> allowed_hosts;  // exact Host values: "127.0.0.1:7878", ...
};

// The request headers access depends on.
struct AccessHeaders {
  std::string host;
  std::string origin;
  std::string authorization;
  std::string cookie;
};

inline constexpr const char* kTokenCookie = "drover_token";

// nullopt when the request may go on to its route; otherwise the answer to
// send instead (a refusal, or the login redirect that sets the cookie).
std::optional<HttpResponse> check_access(const HttpRequest& request, const AccessHeaders& headers,
                                         const AccessPolicy& policy);

// The Host values a TCP listener on `port` accepts; `configured_host` is the
// host part of the listen setting ("127.0.0.1", "[::1]", "0.0.0.0").
std::set<std::string> loopback_hosts(const std::string& configured_host, int port);

// A random token for a new state dir (hex, 256 bits).
std::string generate_token();

}  // namespace drover
