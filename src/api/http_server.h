// HttpServer: serves the Router over the unix socket (trusted: the socket
// is mode 0600) and over TCP (auth.h: Host, Origin and token checks).
// Bodies and headers are size-limited (413, 431, refused before the body is
// read); a client that does not send a complete request in time, or stays
// idle between requests, is disconnected. Handlers may answer with a
// streamed body (Server-Sent Events) or a file.
//
// Thread-safety: runs on the io_context's thread, like the engine.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "api/auth.h"
#include "api/router.h"
#include "core/result.h"

namespace drover {

struct HttpServerOptions {
  AccessPolicy access;                           // token required on TCP; hosts set by listen_tcp
  std::size_t max_body = 10 * 1024 * 1024;       // larger bodies get 413
  std::size_t max_header = 16 * 1024;            // larger headers get 431
  std::chrono::seconds request_timeout{30};      // to send a whole request, or read a response
  std::chrono::seconds idle_timeout{60};         // between requests on a kept-alive connection
  std::size_t max_stream_backlog = 1024 * 1024;  // unsent bytes of a streamed response
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, const Router& router, HttpServerOptions options);
  ~HttpServer();

  // Creates the socket file with mode 0600 (replacing a stale one).
  Status listen_unix(const std::filesystem::path& path);
  // "127.0.0.1:7878" (port 0: any free port); returns the address bound.
  // Requests must then name it (or another loopback name) as their Host.
  Result<std::string> listen_tcp(const std::string& address);
  void close();

 private:
  class Impl;
  std::shared_ptr<Impl> m_impl;
};

}  // namespace drover
