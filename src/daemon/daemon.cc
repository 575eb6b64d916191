#include "daemon/daemon.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <csignal>
#include <fstream>
#include <iostream>

#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "api/auth.h"
#include "api/event_feed.h"
#include "api/http_server.h"
#include "api/routes.h"
#include "core/config.h"
#include "daemon/state_lock.h"
#include "sched/engine.h"

namespace drover {
namespace {

Result<Config> load_daemon_config(const DaemonOptions& options, const StatePaths& paths) {
  if (options.config_file) return load_config(*options.config_file);
  if (std::filesystem::exists(paths.config())) return load_config(paths.config());
  return default_config();
}

Result<std::string> read_or_create_token(const StatePaths& paths) {
  std::string token;
  if (std::ifstream(paths.token()) >> token; !token.empty()) return token;
  token = generate_token();
  mode_t previous = ::umask(0077);
  std::ofstream(paths.token(), std::ios::trunc) << token << "\n";
  ::umask(previous);
  ::chmod(paths.token().c_str(), 0600);
  return token;
}

std::filesystem::path shim_path() {
  if (const char* env = std::getenv("DROVER_SHIM"); env && *env) return env;
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return self.parent_path() / "drover-shim";
}

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  ::gethostname(name, sizeof(name) - 1);
  return name;
}

Result<std::unique_ptr<Store>> open_store(const Config& config, const StatePaths& paths) {
  if (config.store == "sqlite") return open_sqlite_store(paths.database().string());
  return make_error(ErrorCode::invalid,
                    "{}: store \"{}\" is not supported by this build; use store = \"sqlite\"",
                    config.source, config.store);
}

HttpServerOptions server_options(std::string token) {
  HttpServerOptions options;
  options.access.token = std::move(token);
  return options;
}

// The running daemon: what lives between start-up and shutdown.
class Daemon {
 public:
  Daemon(const DaemonOptions& options, Config config, std::unique_ptr<Store> store,
         std::string token)
      : m_options(options),
        m_paths{options.state_dir},
        m_store(std::move(store)),
        m_engine(m_io, *m_store, std::move(config), m_clock,
                 Engine::Options{options.state_dir, shim_path(), host_name()}),
        m_feed(m_io, m_engine),
        m_server(m_io, m_router, server_options(std::move(token))),
        m_signals(m_io, SIGTERM, SIGINT, SIGHUP) {}

  int run() {
    if (auto status = m_engine.start(); !status) return fail(status.error());
    add_all_routes(m_router, m_engine);
    add_event_routes(m_router, m_feed);
    if (auto status = m_server.listen_unix(m_paths.socket()); !status) return fail(status.error());
    listen_tcp();
    wait_for_signal();
    spdlog::info("drover daemon {} ready (pid {}, state dir {})", DROVER_VERSION, ::getpid(),
                 m_paths.dir.string());
    m_io.run();
    spdlog::info("drover daemon stopped; running jobs go on under their shims");
    return 0;
  }

 private:
  int fail(const Error& error) {
    spdlog::error("{}", error.message);
    std::cerr << "drover: " << error.message << "\n";
    return 1;
  }

  void listen_tcp() {
    const std::string& listen = m_engine.config().listen;
    if (listen.empty() || listen == "off") return;
    auto bound = m_server.listen_tcp(listen);
    if (!bound) {
      spdlog::warn("{}; the API is served on the unix socket only", bound.error().message);
      return;
    }
    // Clients and scripts read the address here (the port may have been 0).
    std::ofstream(m_paths.dir / "address", std::ios::trunc) << *bound << "\n";
    spdlog::info("API and web UI on http://{}/", *bound);
  }

  void wait_for_signal() {
    m_signals.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      if (signal == SIGHUP) {
        reload();
        return wait_for_signal();
      }
      spdlog::info("received {}, stopping", sigabbrev_np(signal));
      m_server.close();
      m_engine.shutdown();
      m_io.stop();
    });
  }

  void reload() {
    auto config = load_daemon_config(m_options, m_paths);
    if (!config) {
      spdlog::error("reload refused, the old config stays in force: {}", config.error().message);
      return;
    }
    m_engine.reload(std::move(*config));
    spdlog::info("config reloaded");
  }

  DaemonOptions m_options;
  StatePaths m_paths;
  boost::asio::io_context m_io;
  SystemClock m_clock;
  std::unique_ptr<Store> m_store;
  Router m_router;
  Engine m_engine;
  EventFeed m_feed;
  HttpServer m_server;
  boost::asio::signal_set m_signals;
};

}  // namespace

int run_daemon(const DaemonOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);
  StatePaths paths{options.state_dir};
  std::error_code ec;
  std::filesystem::create_directories(paths.dir, ec);
  ::chmod(paths.dir.c_str(), 0700);
  auto lock = StateLock::acquire(paths);
  if (!lock) {
    std::cerr << "drover: " << lock.error().message << "\n";
    return exit_code_for(lock.error().code);
  }
  auto config = load_daemon_config(options, paths);
  if (!config) {
    std::cerr << "drover: " << config.error().message << "\n";
    return 1;
  }
  auto token = read_or_create_token(paths);
  auto store = open_store(*config, paths);
  if (!store) {
    std::cerr << "drover: " << store.error().message << "\n";
    return 1;
  }
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  Daemon daemon(options, std::move(*config), std::move(*store), std::move(*token));
  return daemon.run();
}

}  // namespace drover
