// Router: a table of (method, path pattern) -> handler. Patterns name path
// segments in braces: "/api/jobs/{id}/logs"; a last "{path+}" takes the rest
// of the path, slashes included. Unknown paths get 404 and a
// known path with another method 405, both in the one error format.
#pragma once

#include <string>
#include <vector>

#include "api/http_message.h"

namespace drover {

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  void dispatch(HttpRequest& request, Responder respond) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string>& segments,
                    std::map<std::string, std::string>& params);

  std::vector<Route> m_routes;
};

std::vector<std::string> split_path(std::string_view path);

}  // namespace drover
