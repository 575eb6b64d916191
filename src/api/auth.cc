#include "api/auth.h"

#include <random>

#include <fmt/format.h>

#include "api/login_page.h"

namespace drover {
namespace {

bool is_safe_method(const std::string& method) { return method == "GET" || method == "HEAD"; }

// Compares without an early exit, so timing does not leak the token.
bool same_secret(const std::string& given, const std::string& expected) {
  if (given.size() != expected.size() || expected.empty()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < given.size(); ++i) {
    difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
  }
  return difference == 0;
}

std::string cookie_value(const std::string& cookies, const std::string& name) {
  std::size_t pos = 0;
  while (pos < cookies.size()) {
    while (pos < cookies.size() && (cookies[pos] == ' ' || cookies[pos] == ';')) ++pos;
    std::size_t end = cookies.find(';', pos);
    std::string pair =
        cookies.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return "";
}

bool authenticated(const AccessHeaders& headers, const std::string& token) {
  std::string bearer = headers.authorization.rfind("Bearer ", 0) == 0
                           ? headers.authorization.substr(7)
                           : std::string();
  return same_secret(bearer, token) ||
         same_secret(cookie_value(headers.cookie, kTokenCookie), token);
}

// "http://127.0.0.1:7878" from a page this daemon served; anything else
// (another site, "null", https) is cross-site.
bool same_site_origin(const std::string& origin, const AccessPolicy& policy) {
  constexpr std::string_view kScheme = "http://";
  if (!origin.starts_with(kScheme)) return false;
  return policy.allowed_hosts.count(origin.substr(kScheme.size())) > 0;
}

// A browser names the site a request comes from: Origin on cross-origin
// requests (GETs included) and Sec-Fetch-Site on all of them where it is
// supported. "none" is the user's own doing (address bar, bookmark, a link
// opened from a terminal); "same-site" is another port of localhost, which
// is another program.
std::optional<HttpResponse> check_site(const AccessHeaders& headers, const AccessPolicy& policy) {
  if (!headers.origin.empty() && !same_site_origin(headers.origin, policy)) {
    return HttpResponse::error(
        403, "bad_origin",
        fmt::format("cross-site request from Origin \"{}\" refused; use the daemon's own pages",
                    headers.origin));
  }
  const std::string& site = headers.sec_fetch_site;
  if (!site.empty() && site != "same-origin" && site != "none") {
    return HttpResponse::error(
        403, "bad_origin",
        fmt::format("cross-site request (Sec-Fetch-Site: {}) refused; use the daemon's own pages",
                    site));
  }
  return std::nullopt;
}

HttpResponse signed_in(const std::string& token) {
  HttpResponse response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.body = "signed in; continue at /\n";
  response.headers = {
      {"Location", "/"},
      {"Set-Cookie", fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/", kTokenCookie, token)}};
  return response;
}

// GET /?token=T (the link scripts/run prints) and POST /login (the form).
std::optional<HttpResponse> answer_login(const HttpRequest& request, const std::string& token) {
  std::optional<std::string> given;
  if (request.method == "GET" && request.path == "/") given = request.query_value("token");
  if (request.method == "POST" && request.path == "/login") {
    given = parse_query(request.body)["token"];  // application/x-www-form-urlencoded
  }
  if (!given) return std::nullopt;
  if (same_secret(*given, token)) return signed_in(token);
  return login_page(401, "That token is wrong. Copy it from the `token` file in the state dir.");
}

HttpResponse unauthorized() {
  HttpResponse response = HttpResponse::error(
      401, "unauthorized",
      "missing or wrong token: send `Authorization: Bearer TOKEN` with the token from the state "
      "dir's `token` file, or open /?token=TOKEN once in a browser");
  response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace

std::optional<HttpResponse> check_access(const HttpRequest& request, const AccessHeaders& headers,
                                         const AccessPolicy& policy) {
  if (!headers.repeated.empty()) {
    return HttpResponse::error(
        400, "repeated_header",
        fmt::format("the {} header was sent more than once; send it once", headers.repeated));
  }
  if (request.trusted) return std::nullopt;
  if (policy.allowed_hosts.count(headers.host) == 0) {
    return HttpResponse::error(
        403, "bad_host",
        fmt::format(
            "Host \"{}\" is not this daemon's address; use http://{}/", headers.host,
            policy.allowed_hosts.empty() ? "127.0.0.1:PORT" : *policy.allowed_hosts.begin()));
  }
  if (auto refusal = check_site(headers, policy)) return refusal;
  if (request.path == "/healthz") return std::nullopt;
  if (auto login = answer_login(request, policy.token)) return login;
  if (authenticated(headers, policy.token)) return std::nullopt;
  if (request.path == "/" && is_safe_method(request.method)) return login_page(401, "");
  return unauthorized();
}

std::set<std::string> loopback_hosts(const std::string& configured_host, int port) {
  std::string suffix = ":" + std::to_string(port);
  return {"127.0.0.1" + suffix, "localhost" + suffix, "[::1]" + suffix, configured_host + suffix};
}

std::string generate_token() {
  std::random_device device;
  std::string token;
  for (int i = 0; i < 4; ++i) {
    std::uint64_t word = (static_cast<std::uint64_t>(device()) << 32) | device();
    token += fmt::format("{:016x}", word);
  }
  return token;
}

}  // namespace drover
