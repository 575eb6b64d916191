#include "api/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core.hpp>

#include "api/http_session.h"
#include "os/private_umask.h"

namespace drover {
namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

template <typename Protocol>
class Listener : public std::enable_shared_from_this<Listener<Protocol>> {
 public:
  Listener(asio::io_context& io, typename Protocol::acceptor acceptor, const Router& router,
           const HttpServerOptions& options, bool trusted)
      : m_io(io),
        m_acceptor(std::move(acceptor)),
        m_router(router),
        m_options(options),
        m_trusted(trusted) {}

  void accept() {
    m_acceptor.async_accept(
        [self = this->shared_from_this()](beast::error_code ec, typename Protocol::socket socket) {
          if (ec == asio::error::operation_aborted) return;
          if (!ec) {
            std::make_shared<HttpSession<Protocol>>(std::move(socket), self->m_router,
                                                    self->m_options, self->m_trusted)
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
  with_private_umask([&] {  // never readable by others, not even for a moment
    acceptor.open(Protocol(), ec);
    if (!ec) acceptor.bind(Protocol::endpoint(path.string()), ec);
  });
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return make_error(ErrorCode::io, "cannot listen on {}: {}", path.string(), ec.message());
  // bind gave it 0700; a socket needs no execute bit.
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ignored);
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
  if (host_text.size() > 2 && host_text.front() == '[')
    host_text = host_text.substr(1, host_text.size() - 2);
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
  std::string configured_host = address.substr(0, colon);
  m_impl->options.access.allowed_hosts = loopback_hosts(configured_host, bound.port());
  m_impl->options.access.allowed_hosts.insert(host + ":" + std::to_string(bound.port()));
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
