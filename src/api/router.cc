#include "api/router.h"

#include <fmt/format.h>

namespace drover {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    std::size_t slash = path.find('/');
    segments.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  return segments;
}

void Router::add(std::string method, std::string pattern, Handler handler) {
  m_routes.push_back({std::move(method), split_path(pattern), std::move(handler)});
}

// A last pattern segment "{name+}" takes the rest of the path (one or more
// segments, joined with '/', percent-decoded).
bool Router::match(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>& params) {
  bool rest = !route.segments.empty() && route.segments.back().ends_with("+}");
  std::size_t fixed = route.segments.size() - (rest ? 1 : 0);
  if (rest ? segments.size() <= fixed : segments.size() != fixed) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < fixed; ++i) {
    const std::string& expected = route.segments[i];
    if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
      found[expected.substr(1, expected.size() - 2)] = percent_decode(segments[i], false);
    } else if (expected != segments[i]) {
      return false;
    }
  }
  if (rest) {
    std::string joined;
    for (std::size_t i = fixed; i < segments.size(); ++i) {
      joined += (i == fixed ? "" : "/") + percent_decode(segments[i], false);
    }
    const std::string& pattern = route.segments.back();
    found[pattern.substr(1, pattern.size() - 3)] = std::move(joined);
  }
  params = std::move(found);
  return true;
}

void Router::dispatch(HttpRequest& request, Responder respond) const {
  std::vector<std::string> segments = split_path(request.path);
  bool path_known = false;
  for (const Route& route : m_routes) {
    std::map<std::string, std::string> params;
    if (!match(route, segments, params)) continue;
    path_known = true;
    if (route.method != request.method) continue;
    request.path_params = std::move(params);
    route.handler(request, std::move(respond));
    return;
  }
  if (path_known) {
    return respond(
        HttpResponse::error(405, "method_not_allowed",
                            fmt::format("{} is not allowed on {}", request.method, request.path)));
  }
  respond(HttpResponse::error(
      404, "not_found",
      fmt::format("no route {} {}; see /api/openapi.json", request.method, request.path)));
}

}  // namespace drover
