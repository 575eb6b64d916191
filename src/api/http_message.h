// The request a route handler sees and the response it gives, free of
// Beast types so that handlers stay small and testable.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/response_stream.h"
#include "core/result.h"
#include "os/fd.h"

namespace drover {

struct HttpRequest {
  std::string method;
  std::string path;  // without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> path_params;  // {id} in the route pattern
  // The few headers handlers read, by lower-case name ("last-event-id").
  std::map<std::string, std::string> headers;
  std::string body;
  bool trusted = false;  // came through the unix socket
  // The event loop's executor: where a handler that works on another
  // thread posts its answer back.
  boost::asio::any_io_executor executor;
  // Set by the connection: calls `callback` (later, on the event loop) if
  // the client closes the connection before the answer is sent, e.g. a
  // long-poll's client has gone. Call it only while the answer is pending.
  std::function<void(std::function<void()>)> on_hangup;

  std::optional<std::string> query_value(const std::string& name) const;
  // The header's value; empty when absent.
  std::string header(const std::string& lower_case_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set for a streamed body (Server-Sent Events): `body` is unused.
  StreamStarter stream;
  // Set to send a file's content as the body: open already, so that what
  // is sent is the file the handler checked, not whatever the name means later.
  std::shared_ptr<UniqueFd> file;

  static HttpResponse json(int status, const nlohmann::json& body);
  // 200 text/event-stream; `start` gets the stream once the head is sent.
  static HttpResponse event_stream(StreamStarter start);
  static HttpResponse file_content(UniqueFd file, std::string content_type);
  // {"error": {"code": "...", "message": "..."}} with the status for its code.
  static HttpResponse error(const Error& error);
  static HttpResponse error(int status, std::string_view code, std::string message);
};

// Handlers answer through a Responder, possibly later (after a commit).
using Responder = std::function<void(HttpResponse)>;
using Handler = std::function<void(HttpRequest&, Responder)>;

// The body as JSON, or an error saying it is not.
Result<nlohmann::json> parse_json_body(const HttpRequest& request);

// "42" -> 42; anything else (negative, not a number, trailing text) is an
// error naming `what`.
Result<std::int64_t> parse_non_negative(std::string_view text, std::string_view what);
// The {id} path parameter as a job id.
Result<std::int64_t> job_id_param(const HttpRequest& request);

// Splits "a=1&b=x%20y" into a map, decoding %XX and '+'.
std::map<std::string, std::string> parse_query(std::string_view query);
// Decodes %XX; '+' becomes a space only in a query or form (not in a path).
std::string percent_decode(std::string_view text, bool plus_is_space);

}  // namespace drover
