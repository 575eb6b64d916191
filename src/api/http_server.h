// HttpServer: serves the Router over the unix socket (trusted: the socket
// is mode 0600) and over TCP (every request but /healthz needs the token).
// Bodies and headers are size-limited and idle or slow clients time out.
//
// Thread-safety: runs on the io_context's thread, like the engine.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "api/router.h"
#include "core/result.h"

namespace drover {

struct HttpServerOptions {
  std::string token;                           // required on TCP
  std::size_t max_body = 8 * 1024 * 1024;      // larger bodies get 413
  std::size_t max_header = 16 * 1024;
  int idle_timeout_seconds = 60;
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, const Router& router, HttpServerOptions options);
  ~HttpServer();

  // Creates the socket file with mode 0600 (replacing a stale one).
  Status listen_unix(const std::filesystem::path& path);
  // "127.0.0.1:7878" (port 0: any free port); returns the address bound.
  Result<std::string> listen_tcp(const std::string& address);
  void close();

 private:
  class Impl;
  std::shared_ptr<Impl> m_impl;
};

}  // namespace drover
