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

bool Router::match(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>& params) {
  if (route.segments.size() != segments.size()) return false;
  std::map<std::string, std::string> found;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string& expected = route.segments[i];
    if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
      found[expected.substr(1, expected.size() - 2)] = segments[i];
    } else if (expected != segments[i]) {
      return false;
    }
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
    return respond(HttpResponse::error(405, "method_not_allowed",
                                       fmt::format("{} is not allowed on {}", request.method,
                                                   request.path)));
  }
  respond(HttpResponse::error(404, "not_found",
                              fmt::format("no route {} {}; see /api/openapi.json",
                                          request.method, request.path)));
}

}  // namespace drover
