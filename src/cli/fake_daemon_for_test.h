// For tests only: a daemon stand-in on a unix socket in a temporary state
// dir. It answers each request with the next canned response, in order, and
// records what it was asked.
#pragma once

#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace drover::cli::testing {

struct CannedResponse {
  CannedResponse(unsigned status_, std::string body_,
                 std::map<std::string, std::string> headers_ = {},
                 std::string content_type_ = "application/json")
      : status(status_),
        body(std::move(body_)),
        headers(std::move(headers_)),
        content_type(std::move(content_type_)) {}

  unsigned status = 200;
  std::string body;
  std::map<std::string, std::string> headers;
  std::string content_type = "application/json";
};

struct RecordedRequest {
  std::string method;
  std::string target;
  std::string body;
};

class FakeDaemon {
 public:
  FakeDaemon(const std::filesystem::path& state_dir, std::vector<CannedResponse> responses)
      : m_acceptor(m_io, boost::asio::local::stream_protocol::endpoint(
                             (state_dir / "drover.sock").string())),
        m_responses(std::move(responses)) {
    m_thread = std::thread([this] { serve(); });
  }
  ~FakeDaemon() { stop(); }

  // What it was asked; call after the client is done (joins the server).
  const std::vector<RecordedRequest>& requests() {
    stop();
    return m_requests;
  }

 private:
  // Unblocks a server still waiting for a request the test never made. Each
  // request is recorded before it is answered, so none the client made is lost.
  void stop() {
    if (!m_thread.joinable()) return;
    boost::system::error_code ignored;
    boost::asio::local::stream_protocol::socket wake(m_io);
    wake.connect(m_acceptor.local_endpoint(), ignored);  // a request that ends at once
    wake.close(ignored);
    m_thread.join();
  }

  void serve() {
    namespace http = boost::beast::http;
    for (const CannedResponse& canned : m_responses) {
      boost::asio::local::stream_protocol::socket socket(m_io);
      boost::system::error_code ec;
      m_acceptor.accept(socket, ec);
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> request;
      if (!ec) http::read(socket, buffer, request, ec);
      if (ec) return;
      m_requests.push_back(
          {std::string(request.method_string()), std::string(request.target()), request.body()});
      http::response<http::string_body> response(static_cast<http::status>(canned.status), 11);
      response.set(http::field::content_type, canned.content_type);
      for (const auto& [name, value] : canned.headers) response.set(name, value);
      response.body() = canned.body;
      response.prepare_payload();
      http::write(socket, response, ec);
    }
  }

  boost::asio::io_context m_io;
  boost::asio::local::stream_protocol::acceptor m_acceptor;
  std::vector<CannedResponse> m_responses;
  std::vector<RecordedRequest> m_requests;
  std::thread m_thread;
};

}  // namespace drover::cli::testing
