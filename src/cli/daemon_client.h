// DaemonClient: the CLI's one way to talk to a daemon — synchronous HTTP/1.1
// over the unix socket `<state dir>/drover.sock`, one connection per request.
// Every failure comes back as an Error whose code gives the exit status:
// API errors `{"error":{"code":"not_found","message":...}}` keep their code;
// no daemon listening is `unavailable` with a message saying how to start one.
// Not thread-safe; cheap to construct.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "core/job.h"
#include "core/result.h"
#include "core/state_dir.h"

namespace drover::cli {

struct ApiResponse {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case

  // The header's value, or "" when absent; `name` in lower case.
  std::string header(const std::string& name) const;
};

class DaemonClient {
 public:
  explicit DaemonClient(StatePaths paths,
                        std::chrono::milliseconds timeout = std::chrono::seconds(30))
      : m_paths(std::move(paths)), m_timeout(timeout) {}

  // The JSON body of a 2xx answer, or the error the daemon (or the socket) gave.
  Result<Json> get(std::string_view target) const;
  Result<Json> post(std::string_view target, const Json& body = Json::object()) const;
  Result<Json> put(std::string_view target, const Json& body) const;
  Result<Json> del(std::string_view target) const;

  // A 2xx answer as it came (text body, headers), for logs.
  Result<ApiResponse> get_text(std::string_view target) const;

  const StatePaths& paths() const { return m_paths; }

 private:
  Result<ApiResponse> exchange(std::string_view method, std::string_view target,
                               const std::string& body) const;
  Result<Json> exchange_json(std::string_view method, std::string_view target,
                             const std::string& body) const;

  StatePaths m_paths;
  std::chrono::milliseconds m_timeout;
};

// The ErrorCode named by an API error code ("not_found"); `internal` when unknown.
ErrorCode error_code_from_name(std::string_view name);

// The Error carried by a non-2xx answer: its code and message when the body
// is the API's error object, else one guessed from the HTTP status.
Error error_from_response(unsigned status, std::string_view body);

// "no drover daemon is running for state dir D; start one with ..."
std::string no_daemon_message(const std::filesystem::path& state_dir);

// Percent-encodes a query parameter value.
std::string url_encode(std::string_view text);

}  // namespace drover::cli
