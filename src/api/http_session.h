// HttpSession: one client connection of HttpServer, over TCP or the unix
// socket. It reads requests one after another (keep-alive), checks access,
// dispatches to the Router and writes the answer: a string body, a file, or
// a stream of Server-Sent Events (the session is then the ResponseStream).
//
// Limits: a whole request must arrive within request_timeout and the next
// one start within idle_timeout; a body over max_body gets 413 as soon as
// the header says so (the rest is drained, not stored, so the client reads
// the answer); a stream whose unsent backlog passes max_stream_backlog is
// cut off.
//
// Thread-safety: the io_context's thread only. Internal to http_server.cc.
#pragma once

#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "api/http_server.h"

namespace drover {

template <typename Protocol>
class HttpSession : public ResponseStream,
                    public std::enable_shared_from_this<HttpSession<Protocol>> {
  using Socket = typename Protocol::socket;
  using error_code = boost::beast::error_code;
  template <typename Body>
  using Response = boost::beast::http::response<Body>;
  using StringBody = boost::beast::http::string_body;

 public:
  HttpSession(Socket socket, const Router& router, const HttpServerOptions& options, bool trusted)
      : m_stream(std::move(socket)), m_router(router), m_options(options), m_trusted(trusted) {}

  void start() { read_request(); }

  bool send(std::string text) override {
    if (m_closed || m_ending) return false;
    m_backlog_bytes += text.size();
    if (m_backlog_bytes > m_options.max_stream_backlog) {
      spdlog::warn("a streaming client fell {} bytes behind; disconnected", m_backlog_bytes);
      close();
      return false;
    }
    m_backlog.push_back(std::move(text));
    if (!m_writing) write_backlog();
    return true;
  }

  void end() override {
    if (m_closed || m_ending) return;
    m_ending = true;
    if (!m_writing) write_backlog();
  }

  bool closed() const override { return m_closed; }

  boost::asio::any_io_executor executor() override { return m_stream.get_executor(); }

  void on_close(std::function<void()> callback) override {
    if (m_closed) return boost::asio::post(m_stream.get_executor(), std::move(callback));
    m_on_close.push_back(std::move(callback));
  }

 private:
  std::shared_ptr<HttpSession> self() { return this->shared_from_this(); }

  // Waits up to idle_timeout for the first bytes of the next request.
  void wait_for_request() {
    if (m_buffer.size() > 0) return read_request();  // pipelined: already here
    m_stream.expires_after(m_options.idle_timeout);
    m_stream.async_read_some(m_buffer.prepare(4096), [self = self()](error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->m_buffer.commit(n);
      self->read_request();
    });
  }

  void read_request() {
    m_parser.emplace();
    m_parser->body_limit(m_options.max_body);
    m_parser->header_limit(static_cast<std::uint32_t>(m_options.max_header));
    m_stream.expires_after(m_options.request_timeout);
    boost::beast::http::async_read(
        m_stream, m_buffer, *m_parser,
        [self = self()](error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(error_code ec) {
    namespace http = boost::beast::http;
    if (ec == http::error::body_limit) {
      return refuse(HttpResponse::error(
          413, "too_large",
          fmt::format("the request body is larger than the limit of {} MiB; send less per "
                      "request (e.g. split a batch of jobs)",
                      m_options.max_body / (1024 * 1024))));
    }
    if (ec == http::error::header_limit) {
      return refuse(
          HttpResponse::error(431, "headers_too_large",
                              fmt::format("the request headers are larger than the limit of {} KiB",
                                          m_options.max_header / 1024)));
    }
    if (ec) return close();  // closed, timed out or garbled: nothing to answer
    m_request = m_parser->release();
    handle();
  }

  void handle() {
    namespace http = boost::beast::http;
    HttpRequest request;
    request.method = std::string(m_request.method_string());
    std::string_view target(m_request.target().data(), m_request.target().size());
    std::size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos)
      request.query = parse_query(target.substr(question + 1));
    request.headers = {{"last-event-id", std::string(m_request["Last-Event-ID"])}};
    request.body = std::move(m_request.body());
    request.trusted = m_trusted;
    request.executor = m_stream.get_executor();
    request.on_hangup = [weak = this->weak_from_this()](std::function<void()> callback) {
      if (auto session = weak.lock()) session->watch_request_hangup(std::move(callback));
    };
    AccessHeaders headers = access_headers();
    if (auto answer = check_access(request, headers, m_options.access)) {
      return respond(std::move(*answer));
    }
    m_router.dispatch(
        request, [self = self()](HttpResponse response) { self->respond(std::move(response)); });
  }

  AccessHeaders access_headers() const {
    AccessHeaders headers{
        std::string(m_request["Host"]),           std::string(m_request["Origin"]),
        std::string(m_request["Authorization"]),  std::string(m_request["Cookie"]),
        std::string(m_request["Sec-Fetch-Site"]), ""};
    for (std::string_view name : kAccessHeaderNames) {
      if (m_request.count(boost::beast::string_view(name.data(), name.size())) > 1) {
        headers.repeated = std::string(name);
        break;
      }
    }
    return headers;
  }

  // While a handler holds the answer (a long-poll), a read tells whether the
  // client left. Bytes that come instead (a pipelined request) are kept for
  // later; the read is cancelled when the answer goes out.
  void watch_request_hangup(std::function<void()> callback) {
    if (m_closed) return boost::asio::post(m_stream.get_executor(), std::move(callback));
    m_on_hangup = std::move(callback);
    m_watching = true;
    m_stream.socket().async_read_some(m_buffer.prepare(4096),
                                      [self = self()](error_code ec, std::size_t n) {
                                        self->m_watching = false;
                                        if (ec == boost::asio::error::operation_aborted)
                                          return;  // answered, or closed
                                        if (!ec) return self->m_buffer.commit(n);
                                        auto hangup = std::move(self->m_on_hangup);
                                        self->m_on_hangup = nullptr;
                                        self->close();
                                        if (hangup) hangup();
                                      });
  }

  void respond(HttpResponse response) {
    if (m_closed) return;
    m_on_hangup = nullptr;
    if (m_watching) {
      error_code ignored;
      m_stream.socket().cancel(ignored);
    }
    if (response.stream) return start_stream(std::move(response));
    if (response.file) return send_file(std::move(response));
    auto message = std::make_shared<Response<StringBody>>();
    fill_head(*message, response, !m_refusing && m_request.keep_alive());
    message->body() = std::move(response.body);
    message->prepare_payload();
    write_message(std::move(message));
  }

  // An answer to a request that was not read whole: then the connection closes.
  void refuse(HttpResponse response) {
    m_refusing = true;
    respond(std::move(response));
  }

  template <typename Message>
  void fill_head(Message& message, const HttpResponse& response, bool keep_alive) const {
    namespace http = boost::beast::http;
    message.result(static_cast<http::status>(response.status));
    message.version(m_request.version() == 10 ? 10 : 11);
    message.set(http::field::server, "drover");
    message.set(http::field::content_type, response.content_type);
    message.set(http::field::cache_control, "no-store");
    message.set("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : response.headers) message.set(name, value);
    message.keep_alive(keep_alive);
  }

  template <typename Body>
  void write_message(std::shared_ptr<Response<Body>> message) {
    m_stream.expires_after(m_options.request_timeout);  // a client that stops reading is cut off
    boost::beast::http::async_write(m_stream, *message,
                                    [self = self(), message](error_code ec, std::size_t) {
                                      if (ec) return self->close();
                                      if (self->m_refusing) return self->linger();
                                      if (!message->keep_alive()) return self->close();
                                      self->wait_for_request();
                                    });
  }

  void send_file(HttpResponse response) {
    namespace http = boost::beast::http;
    auto message = std::make_shared<Response<http::file_body>>();
    boost::beast::file_posix file;
    file.native_handle(response.file->release());
    error_code ec;
    message->body().reset(std::move(file), ec);
    if (ec) {
      return respond(HttpResponse::error(500, "io", "cannot read the file: " + ec.message()));
    }
    fill_head(*message, response, m_request.keep_alive());
    message->prepare_payload();
    write_message(std::move(message));
  }

  // Sends the head, then hands the stream to the handler. The connection
  // closes when the stream ends: it is never reused for another request.
  void start_stream(HttpResponse response) {
    namespace http = boost::beast::http;
    auto head = std::make_shared<Response<http::empty_body>>();
    fill_head(*head, response, false);
    head->chunked(true);
    auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*head);
    m_writing = true;
    m_stream.expires_after(m_options.request_timeout);
    http::async_write_header(m_stream, *serializer,
                             [self = self(), head, serializer, start = std::move(response.stream)](
                                 error_code ec, std::size_t) {
                               self->m_writing = false;
                               if (ec) return self->close();
                               self->watch_for_hangup();
                               start(self);
                               if (!self->m_writing) self->write_backlog();
                             });
  }

  // Writes everything queued as one chunk; then the last chunk once ended.
  void write_backlog() {
    namespace http = boost::beast::http;
    if (m_closed) return;
    if (m_backlog.empty()) {
      if (!m_ending) return;
      m_writing = true;
      m_stream.expires_after(m_options.request_timeout);
      return boost::asio::async_write(m_stream, http::make_chunk_last(),
                                      [self = self()](error_code, std::size_t) { self->close(); });
    }
    auto text = std::make_shared<std::string>();
    for (std::string& piece : m_backlog) *text += piece;
    m_backlog.clear();
    m_writing = true;
    m_stream.expires_after(m_options.request_timeout);
    boost::asio::async_write(m_stream, http::make_chunk(boost::asio::buffer(*text)),
                             [self = self(), text](error_code ec, std::size_t) {
                               self->m_writing = false;
                               self->m_backlog_bytes -= text->size();
                               if (ec) return self->close();
                               self->write_backlog();
                             });
  }

  // A streaming client sends nothing more; its reads only tell that it left.
  // On the raw socket, so that the stream's write timeouts do not apply.
  void watch_for_hangup() {
    m_stream.socket().async_read_some(boost::asio::buffer(m_scratch),
                                      [self = self()](error_code ec, std::size_t) {
                                        if (ec) return self->close();
                                        self->watch_for_hangup();
                                      });
  }

  // After a refusal: stop sending, drain what the client still sends for a
  // short while, then close; closing at once would reset the connection
  // and the client might never read the refusal.
  void linger() {
    error_code ignored;
    m_stream.socket().shutdown(boost::asio::socket_base::shutdown_send, ignored);
    if (!m_lingering) {
      m_lingering = true;
      m_stream.expires_after(std::chrono::seconds(5));
    }
    m_stream.async_read_some(boost::asio::buffer(m_scratch),
                             [self = self()](error_code ec, std::size_t) {
                               if (ec) return self->close();
                               self->linger();
                             });
  }

  void close() {
    if (m_closed) return;
    m_closed = true;
    error_code ignored;
    m_stream.socket().shutdown(boost::asio::socket_base::shutdown_both, ignored);
    m_stream.close();
    // Posted: a callback may drop the last reference to this stream.
    for (auto& callback : m_on_close)
      boost::asio::post(m_stream.get_executor(), std::move(callback));
    m_on_close.clear();
  }

  boost::beast::basic_stream<Protocol> m_stream;
  boost::beast::flat_buffer m_buffer;
  std::optional<boost::beast::http::request_parser<StringBody>> m_parser;
  boost::beast::http::request<StringBody> m_request;
  const Router& m_router;
  const HttpServerOptions& m_options;
  bool m_trusted;
  bool m_closed = false;
  bool m_refusing = false;
  bool m_lingering = false;
  // Streaming: text not yet written, and whether a write is under way.
  std::deque<std::string> m_backlog;
  std::size_t m_backlog_bytes = 0;
  bool m_writing = false;
  bool m_ending = false;
  std::vector<std::function<void()>> m_on_close;
  // A handler's answer is pending and a read watches for the client leaving.
  bool m_watching = false;
  std::function<void()> m_on_hangup;
  std::array<char, 4096> m_scratch{};
};

}  // namespace drover
