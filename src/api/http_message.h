// The request a route handler sees and the response it gives, free of
// Beast types so that handlers stay small and testable.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace drover {

struct HttpRequest {
  std::string method;
  std::string path;  // without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> path_params;  // {id} in the route pattern
  std::string body;
  bool trusted = false;  // came through the unix socket

  std::optional<std::string> query_value(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static HttpResponse json(int status, const nlohmann::json& body);
  // {"error": {"code": "...", "message": "..."}} with the status for its code.
  static HttpResponse error(const Error& error);
  static HttpResponse error(int status, std::string_view code, std::string message);
};

// Handlers answer through a Responder, possibly later (after a commit).
using Responder = std::function<void(HttpResponse)>;
using Handler = std::function<void(HttpRequest&, Responder)>;

// Splits "a=1&b=x%20y" into a map, decoding %XX and '+'.
std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace drover
