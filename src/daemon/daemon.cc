#include "daemon/daemon.h"
#include "protocol/reload_outcome.h"

#include <unistd.h>

#include <climits>
#include <csignal>
#include <fstream>
#include <iostream>

#include <spdlog/spdlog.h>
#include <boost/asio/posix/stream_descriptor.hpp>

#include "api/auth.h"
#include "api/event_feed.h"
#include "api/http_server.h"
#include "api/routes.h"
#include "core/config.h"
#include "daemon/daemon_signals.h"
#include "daemon/job_folder_ids.h"
#include "daemon/state_lock.h"
#include "daemon/token_file.h"
#include "os/host_name.h"
#include "os/process_probe.h"
#include "os/self_executable.h"
#include "os/signals.h"
#include "sched/engine.h"
#include "sched/node_heartbeat.h"
#include "store/open_store.h"
#include "store/sqlite/sqlite_store.h"

namespace drover {
namespace {

Result<Config> load_daemon_config(const DaemonOptions& options, const StatePaths& paths) {
  if (options.config_file) return load_config(*options.config_file);
  if (std::filesystem::exists(paths.config())) return load_config(paths.config());
  return default_config();
}

std::filesystem::path shim_path() {
  if (const char* env = std::getenv("DROVER_SHIM"); env && *env) return env;
  auto self = self_executable();
  return self ? self->parent_path() / "drover-shim" : std::filesystem::path("drover-shim");
}

// Job ids start above every job folder on disk, so that a database moved
// aside (or lost) can't make a new job reuse an old folder and its log.
Status reserve_ids_of_job_folders(SqliteStore& store, const StatePaths& paths) {
  DROVER_TRY(largest, largest_job_folder_id(paths.jobs()));
  if (store.reserve_job_ids_through(*largest)) {
    spdlog::warn(
        "{} holds folders of jobs up to {} that the database {} does not know (was it moved "
        "aside or replaced?); new job ids start at {}, so no old folder or log is reused",
        paths.jobs().string(), *largest, paths.database().string(), *largest + 1);
  }
  return {};
}

// `[daemon] store`: "sqlite" is the database in the state dir; anything else
// is a connection string the config parser accepted.
Result<std::unique_ptr<Store>> open_configured_store(const Config& config,
                                                     const StatePaths& paths) {
  std::string location = config.store == "sqlite" ? paths.database().string() : config.store;
  DROVER_TRY(store, open_store(location));
  // Only a SQLite database sits beside the job folders it may have lost; a
  // shared database's ids come from its sequence.
  if (auto* sqlite = dynamic_cast<SqliteStore*>(store->get())) {
    DROVER_RETURN_IF_ERROR(reserve_ids_of_job_folders(*sqlite, paths));
  }
  return std::move(*store);
}

Result<std::string> read_token(const StatePaths& paths) {
  DROVER_TRY(file, read_or_create_token(paths.token()));
  if (file->replaced_because) {
    spdlog::warn("replaced the API token in {}: {}; the new one is in the file (mode 0600)",
                 paths.token().string(), *file->replaced_because);
  }
  return std::move(file->token);
}

HttpServerOptions server_options(std::string token) {
  HttpServerOptions options;
  options.access.token = std::move(token);
  return options;
}

// Why the daemon did not start, on stderr: the daemon's log when detached,
// which `drover daemon start` shows. The exit code follows the error's kind.
int report_start_failure(const Error& error) {
  std::cerr << "drover: " << error.message << "\n";
  return exit_code_for(error.code);
}

// `[daemon] node`, else the host name: what every attempt and `drover nodes` show.
std::string node_name(const Config& config) {
  return config.node.empty() ? host_name() : config.node;
}

// Any store but SQLite may be shared by several nodes.
bool store_is_shared(const Config& config) { return config.store != "sqlite"; }

Engine::Options engine_options(const std::filesystem::path& state_dir, const Config& config,
                               std::unique_ptr<Store> commit_store,
                               std::function<void()> confirm_lease) {
  Engine::Options options;
  options.commit_store = std::move(commit_store);
  options.state_dir = state_dir;
  options.shim_path = shim_path();
  options.node = node_name(config);
  options.shared_store = store_is_shared(config);
  options.confirm_lease = std::move(confirm_lease);
  return options;
}

// The attempts this node runs, for its row: the running slots of its queues.
int slots_in_use(const Engine& engine) {
  int running = 0;
  for (const QueueStatus& queue : engine.queues()) running += queue.running;
  return running;
}

NodeHeartbeat::Options heartbeat_options(Engine& engine, std::string address) {
  const Config& config = engine.config();
  NodeHeartbeat::Options options;
  options.name = node_name(config);
  options.address = std::move(address);
  options.lease = config.node_lease;
  options.shared_store = store_is_shared(config);
  options.slots_in_use = [&engine] { return slots_in_use(engine); };
  options.on_nodes_lost = [&engine](const std::vector<std::string>& nodes) {
    for (const std::string& node : nodes) engine.end_attempts_of_lost_node(node);
  };
  options.on_declared_lost = [&engine](Millis lost_at) {
    engine.drop_attempts_no_longer_owned(lost_at);
  };
  return options;
}

// The running daemon: what lives between start-up and shutdown.
class Daemon {
 public:
  Daemon(const DaemonOptions& options, Config config, std::unique_ptr<Store> store,
         std::unique_ptr<Store> commit_store, std::string token, SignalPipe signals)
      : m_options(options),
        m_paths{options.state_dir},
        m_store(std::move(store)),
        m_engine(m_io, *m_store, config, m_clock,
                 engine_options(options.state_dir, config, std::move(commit_store),
                                [this] { confirm_lease(); })),
        m_timers(m_io, m_clock),
        m_feed(m_io, m_engine),
        m_server(m_io, m_router, server_options(std::move(token))),
        m_signals(std::move(signals)),
        m_signal_stream(m_io, m_signals.read_fd()) {}
  // The stream borrows the pipe's descriptor; the SignalPipe closes it.
  ~Daemon() { m_signal_stream.release(); }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  int run() {
    // The TCP port first: when it is taken, nothing has been started yet.
    auto address = listen_tcp();
    if (!address) return report_start_failure(address.error());
    // The node's row before any attempt names it; a store that refuses it
    // now would not take the jobs' changes either.
    m_heartbeat.emplace(*m_store, m_timers, m_clock,
                        heartbeat_options(m_engine, std::move(*address)));
    if (auto status = m_heartbeat->start(); !status) {
      return report_start_failure(status.error());
    }
    if (auto status = m_engine.start(); !status) return report_start_failure(status.error());
    add_all_routes(m_router, m_engine);
    add_node_routes(m_router, *m_heartbeat);
    add_event_routes(m_router, m_feed);
    if (auto status = m_server.listen_unix(m_paths.socket()); !status) {
      return report_start_failure(status.error());
    }
    wait_for_signal();
    spdlog::info("drover daemon {} ready (pid {}, state dir {})", DROVER_VERSION, current_pid(),
                 m_paths.dir.string());
    m_io.run();
    spdlog::info("drover daemon stopped; running jobs go on under their shims");
    return 0;
  }

 private:
  // A listener the config asks for and can't have stops the start: a daemon
  // without its web UI would look started to everyone but its users.
  // Returns the address bound ("" for none), which other nodes reach it by.
  Result<std::string> listen_tcp() {
    const std::string& listen = m_engine.config().listen;
    std::filesystem::path address_file = m_paths.dir / "address";
    if (listen.empty() || listen == "off") {
      std::error_code ignored;  // an earlier daemon's address would send clients astray
      std::filesystem::remove(address_file, ignored);
      return std::string();
    }
    auto bound = m_server.listen_tcp(listen);
    if (!bound) {
      return make_error(bound.error().code,
                        "{}; free the port, or set another `listen` (\"off\": unix socket only) "
                        "in {}",
                        bound.error().message, m_engine.config().source);
    }
    // Clients and scripts read the address here (the port may have been 0).
    std::ofstream(address_file, std::ios::trunc) << *bound << "\n";
    spdlog::info("API and web UI on http://{}/", *bound);
    return *bound;
  }

  void confirm_lease() {
    if (m_heartbeat) m_heartbeat->confirm();
  }

  void wait_for_signal() {
    m_signal_stream.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                               [this](const boost::system::error_code& ec) {
                                 if (ec) return;
                                 while (auto record = m_signals.read_next()) {
                                   if (!on_signal(*record)) return;
                                 }
                                 wait_for_signal();
                               });
  }

  // Whether the daemon goes on after `record`. Every signal is logged with
  // its sender: an operator must be able to tell who stopped the daemon.
  bool on_signal(const SignalRecord& record) {
    std::string from = describe_sender(record);
    switch (daemon_signal_action(record.signal)) {
      case DaemonSignalAction::reload:
        spdlog::info("received {}{}, reloading the config", signal_name(record.signal), from);
        reload();
        return true;
      case DaemonSignalAction::ignore:
        spdlog::warn("ignored {}{}: {}", signal_name(record.signal), from, kDaemonSignalHelp);
        return true;
      case DaemonSignalAction::stop:
        break;
    }
    spdlog::info("received {}{}, stopping", signal_name(record.signal), from);
    m_server.close();
    if (m_heartbeat) m_heartbeat->stop();
    m_engine.shutdown();
    m_io.stop();
    return false;
  }

  void reload() {
    auto config = load_daemon_config(m_options, m_paths);
    if (!config) {
      spdlog::error("{}{}", kReloadRefused, config.error().message);
      return;
    }
    if (Status reloaded = m_engine.reload(std::move(*config)); !reloaded) {
      spdlog::error("{}its schedules could not be read from the store: {}", kReloadRefused,
                    reloaded.error().message);
      return;
    }
    spdlog::info("{}", kConfigReloaded);
  }

  DaemonOptions m_options;
  StatePaths m_paths;
  boost::asio::io_context m_io;
  SystemClock m_clock;
  std::unique_ptr<Store> m_store;
  Router m_router;
  Engine m_engine;
  AsioTimers m_timers;
  std::optional<NodeHeartbeat> m_heartbeat;  // once the TCP address is known
  EventFeed m_feed;
  HttpServer m_server;
  SignalPipe m_signals;
  boost::asio::posix::stream_descriptor m_signal_stream;
};

}  // namespace

int run_daemon(const DaemonOptions& options) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  auto signals = install_daemon_signals();
  if (!signals) return report_start_failure(signals.error());
  StatePaths paths{options.state_dir};
  std::error_code ec;
  std::filesystem::create_directories(paths.dir, ec);
  std::filesystem::permissions(paths.dir, std::filesystem::perms::owner_all, ec);
  auto lock = StateLock::acquire(paths);
  if (!lock) return report_start_failure(lock.error());
  auto config = load_daemon_config(options, paths);
  if (!config) return report_start_failure(config.error());
  auto token = read_token(paths);
  if (!token) return report_start_failure(token.error());
  auto store = open_configured_store(*config, paths);
  if (!store) return report_start_failure(store.error());
  // Commits go through a connection of their own, on a thread of their own.
  auto commit_store = (*store)->second_connection();
  if (!commit_store) return report_start_failure(commit_store.error());
  Daemon daemon(options, std::move(*config), std::move(*store), std::move(*commit_store),
                std::move(*token), std::move(*signals));
  return daemon.run();
}

}  // namespace drover
