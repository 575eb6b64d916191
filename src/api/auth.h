// Who may talk to the daemon. The unix socket is trusted (mode 0600). Over
// TCP:
// - Host must be one of this daemon's own addresses (127.0.0.1:PORT,
//   localhost:PORT, [::1]:PORT, the configured listen address): this stops
//   DNS rebinding. Otherwise 403.
// - A request that carries an Origin (any method: a cross-site GET with the
//   cookie would read the API) must come from one of those same hosts, and
//   one with Sec-Fetch-Site (sent by browsers, also where they leave out
//   Origin) must say "same-origin" or "none". Otherwise 403.
// - Host, Origin, Authorization, Cookie and Sec-Fetch-Site may each come at
//   most once: two values leave a proxy and drover free to read different
//   ones. Otherwise 400.
// - Every request but /healthz carries the token: `Authorization: Bearer T`,
//   or the HttpOnly cookie a browser gets by opening /?token=T once or by
//   posting the login form to /login. Otherwise 401 (an HTML login form for
//   a browser opening /, the JSON error format everywhere else).
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>

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
  std::string sec_fetch_site;
  std::string repeated;  // the first of them sent more than once; empty when none
};

// The headers of AccessHeaders, as named on the wire, in its order.
inline constexpr std::array<std::string_view, 5> kAccessHeaderNames{
    "Host", "Origin", "Authorization", "Cookie", "Sec-Fetch-Site"};

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
