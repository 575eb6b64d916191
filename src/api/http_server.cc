#include "api/http_server.h"

#include <sys/stat.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

#include "api/auth.h"

namespace drover {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

template <typename Protocol>
class Session : public std::enable_shared_from_this<Session<Protocol>> {
 public:
  using Socket = typename Protocol::socket;

  Session(Socket socket, const Router& router, const HttpServerOptions& options, bool trusted)
      : m_stream(std::move(socket)), m_router(router), m_options(options), m_trusted(trusted) {}

  void start() { read(); }

 private:
  void read() {
    m_parser.emplace();
    m_parser->body_limit(m_options.max_body);
    m_parser->header_limit(static_cast<std::uint32_t>(m_options.max_header));
    m_stream.expires_after(std::chrono::seconds(m_options.idle_timeout_seconds));
    http::async_read(m_stream, m_buffer, *m_parser,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_read(ec);
                     });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return respond_and_close(HttpResponse::error(
          413, "too_large", "the request body is larger than the limit of 8 MiB"));
    }
    if (ec == http::error::header_limit) {
      return respond_and_close(HttpResponse::error(431, "too_large", "request headers too large"));
    }
    if (ec) return;  // closed, timed out or garbled: nothing to answer
    m_request = m_parser->release();
    handle();
  }

  void handle() {
    HttpRequest request;
    request.method = std::string(m_request.method_string());
    std::string_view target(m_request.target().data(), m_request.target().size());
    std::size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) request.query = parse_query(target.substr(question + 1));
    request.body = std::move(m_request.body());
    request.trusted = m_trusted;
    auto self = this->shared_from_this();
    Responder respond = [self](HttpResponse response) { self->write(std::move(response)); };
    AccessRequest access{m_trusted,
                         request.path,
                         std::string(m_request[http::field::host]),
                         std::string(m_request[http::field::origin]),
                         std::string(m_request[http::field::authorization]),
                         std::string(m_request[http::field::cookie])};
    if (auto refusal = check_access(access, m_options.token)) {
      return respond(std::move(*refusal));
    }
    m_router.dispatch(request, std::move(respond));
  }

  void write(HttpResponse response, bool close = false) {
    auto message = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), m_request.version());
    message->set(http::field::server, "drover");
    message->set(http::field::content_type, response.content_type);
    message->set(http::field::cache_control, "no-store");
    for (auto& [name, value] : response.headers) message->set(name, value);
    message->body() = std::move(response.body);
    message->keep_alive(!close && m_request.keep_alive());
    message->prepare_payload();
    m_stream.expires_after(std::chrono::seconds(m_options.idle_timeout_seconds));
    http::async_write(m_stream, *message,
                      [self = this->shared_from_this(), message](beast::error_code ec, std::size_t) {
                        if (ec || !message->keep_alive()) return self->shutdown();
                        self->read();
                      });
  }

  void respond_and_close(HttpResponse response) { write(std::move(response), true); }

  void shutdown() {
    beast::error_code ignored;
    m_stream.socket().shutdown(asio::socket_base::shutdown_both, ignored);
  }

  beast::basic_stream<Protocol> m_stream;
  beast::flat_buffer m_buffer;
  std::optional<http::request_parser<http::string_body>> m_parser;
  http::request<http::string_body> m_request;
  const Router& m_router;
  const HttpServerOptions& m_options;
  bool m_trusted;
};

template <typename Protocol>
class Listener : public std::enable_shared_from_this<Listener<Protocol>> {
 public:
  Listener(asio::io_context& io, typename Protocol::acceptor acceptor, const Router& router,
           const HttpServerOptions& options, bool trusted)
      : m_io(io), m_acceptor(std::move(acceptor)), m_router(router), m_options(options),
        m_trusted(trusted) {}

  void accept() {
    m_acceptor.async_accept([self = this->shared_from_this()](beast::error_code ec,
                                                              typename Protocol::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        std::make_shared<Session<Protocol>>(std::move(socket), self->m_router, self->m_options,
                                            self->m_trusted)
            ->start();
      }
      self->accept();
    });
  }

  void close() {
    beast::error_code ignored;
    m_acceptor.close(ignored);
  }

 private:
  asio::io_context& m_io;
  typename Protocol::acceptor m_acceptor;
  const Router& m_router;
  const HttpServerOptions& m_options;
  bool m_trusted;
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(asio::io_context& io, const Router& router, HttpServerOptions options)
      : io(io), router(router), options(std::move(options)) {}

  asio::io_context& io;
  const Router& router;
  HttpServerOptions options;
  std::shared_ptr<Listener<asio::local::stream_protocol>> unix_listener;
  std::shared_ptr<Listener<asio::ip::tcp>> tcp_listener;
};

HttpServer::HttpServer(asio::io_context& io, const Router& router, HttpServerOptions options)
    : m_impl(std::make_shared<Impl>(io, router, std::move(options))) {}

HttpServer::~HttpServer() { close(); }

Status HttpServer::listen_unix(const std::filesystem::path& path) {
  using Protocol = asio::local::stream_protocol;
  std::error_code ignored;
  std::filesystem::remove(path, ignored);  // the state-dir lock proves it is stale
  beast::error_code ec;
  Protocol::acceptor acceptor(m_impl->io);
  mode_t previous = ::umask(0077);  // the socket is born 0600
  acceptor.open(Protocol(), ec);
  if (!ec) acceptor.bind(Protocol::endpoint(path.string()), ec);
  ::umask(previous);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return make_error(ErrorCode::io, "cannot listen on {}: {}", path.string(), ec.message());
  ::chmod(path.c_str(), 0600);
  m_impl->unix_listener = std::make_shared<Listener<Protocol>>(
      m_impl->io, std::move(acceptor), m_impl->router, m_impl->options, true);
  m_impl->unix_listener->accept();
  return {};
}

Result<std::string> HttpServer::listen_tcp(const std::string& address) {
  using Protocol = asio::ip::tcp;
  std::size_t colon = address.rfind(':');
  if (colon == std::string::npos) {
    return make_error(ErrorCode::invalid, "listen address \"{}\" needs a port, like 127.0.0.1:7878",
                      address);
  }
  beast::error_code ec;
  std::string host_text = address.substr(0, colon);
  if (host_text.size() > 2 && host_text.front() == '[') host_text = host_text.substr(1, host_text.size() - 2);
  auto ip = asio::ip::make_address(host_text, ec);
  int port = std::atoi(address.c_str() + colon + 1);
  if (ec || port < 0 || port > 65535) {
    return make_error(ErrorCode::invalid, "listen address \"{}\" is not IP:PORT", address);
  }
  Protocol::acceptor acceptor(m_impl->io);
  Protocol::endpoint endpoint(ip, static_cast<unsigned short>(port));
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return make_error(ErrorCode::io, "cannot listen on {}: {}", address, ec.message());
  auto bound = acceptor.local_endpoint(ec);
  std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                              : bound.address().to_string();
  m_impl->tcp_listener = std::make_shared<Listener<Protocol>>(
      m_impl->io, std::move(acceptor), m_impl->router, m_impl->options, false);
  m_impl->tcp_listener->accept();
  return host + ":" + std::to_string(bound.port());
}

void HttpServer::close() {
  if (m_impl->unix_listener) m_impl->unix_listener->close();
  if (m_impl->tcp_listener) m_impl->tcp_listener->close();
}

}  // namespace drover
