#include "api/auth.h"

#include <random>

#include <fmt/format.h>

namespace drover {
namespace {

// "127.0.0.1:7878" -> "127.0.0.1"; "[::1]:7878" -> "[::1]"
std::string host_name(const std::string& host) {
  if (!host.empty() && host.front() == '[') return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.find(':'));
}

bool is_loopback_host(const std::string& host) {
  std::string name = host_name(host);
  return name == "localhost" || name == "[::1]" || name.rfind("127.", 0) == 0;
}

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
    std::string pair = cookies.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return "";
}

}  // namespace

std::optional<HttpResponse> check_access(const AccessRequest& request, const std::string& token) {
  if (request.trusted) return std::nullopt;
  if (!is_loopback_host(request.host)) {
    return HttpResponse::error(421, "bad_host",
                               fmt::format("Host \"{}\" is not this daemon's address; use "
                                           "http://127.0.0.1:PORT/",
                                           request.host));
  }
  if (!request.origin.empty() && request.origin != "http://" + request.host) {
    return HttpResponse::error(403, "bad_origin",
                               fmt::format("cross-site request from {} refused", request.origin));
  }
  if (request.path == "/healthz") return std::nullopt;
  std::string bearer = request.authorization.rfind("Bearer ", 0) == 0
                           ? request.authorization.substr(7)
                           : std::string();
  if (same_secret(bearer, token) || same_secret(cookie_value(request.cookie, kTokenCookie), token)) {
    return std::nullopt;
  }
  return HttpResponse::error(401, "unauthorized",
                             "missing or wrong token: send `Authorization: Bearer TOKEN` with "
                             "the token from the state dir's `token` file");
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
