// A tiny HTTP/1.1 client over loopback TCP for the API tests. Raw on
// purpose: it sends what browsers and hostile pages send (any Host, Origin,
// cookie, huge bodies) and reads Server-Sent Events as they arrive.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace drover::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // de-chunked
  nlohmann::json json() const;                 // fails the test when not JSON
  std::string header(const std::string& lower_case_name) const;
};

// One TCP connection to "127.0.0.1:PORT".
class Connection {
 public:
  explicit Connection(const std::string& address);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool write(std::string_view bytes);  // false once the peer is gone
  // Appends what arrives within `timeout`; false at end of stream or error.
  bool read_some(std::string& into, std::chrono::milliseconds timeout);
  // Reads until the peer closes (or `timeout` passes).
  std::string read_all(std::chrono::milliseconds timeout);

 private:
  int m_fd = -1;
};

// "GET /x HTTP/1.1\r\nHost: ...\r\n...\r\n\r\nbody" with Content-Length and
// Connection: close added.
std::string request_text(const std::string& method, const std::string& target,
                         const Headers& headers, const std::string& body);
// Parses a whole response (status, headers, chunked or not).
HttpReply parse_reply(const std::string& raw);

// The API as a client with the token sees it.
class ApiClient {
 public:
  ApiClient(std::string address, std::string token);

  // Host is the daemon's address and the bearer token is sent, unless
  // `headers` names Host / Authorization itself (an empty value: left out).
  HttpReply send(const std::string& method, const std::string& target, Headers headers = {},
                 const std::string& body = "") const;
  HttpReply get(const std::string& target) const { return send("GET", target); }
  HttpReply post(const std::string& target, const nlohmann::json& body) const;

  const std::string& address() const { return m_address; }
  const std::string& token() const { return m_token; }
  int port() const;

 private:
  std::string m_address;
  std::string m_token;
};

struct SseEvent {
  std::string id;
  std::string event;
  std::string data;
};

// A GET whose answer is a stream of Server-Sent Events.
class SseStream {
 public:
  SseStream(const ApiClient& api, const std::string& target, Headers headers = {});

  int status() const { return m_reply.status; }
  // The next event (comments and retry lines skipped); nullopt when none
  // arrives within `timeout` or the stream ended.
  std::optional<SseEvent> next(std::chrono::milliseconds timeout);
  bool ended() const { return m_ended; }

 private:
  bool read_more(std::chrono::milliseconds timeout);
  void dechunk();

  Connection m_connection;
  HttpReply m_reply;  // status and headers
  bool m_chunked = false;
  std::string m_raw;   // bytes after the head, still chunked
  std::string m_text;  // de-chunked, not yet parsed into events
  bool m_ended = false;
};

}  // namespace drover::testing
