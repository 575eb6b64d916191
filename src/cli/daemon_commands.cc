// daemon (foreground), daemon start (detached), daemon stop, daemon status.
#include <fmt/format.h>

#include <array>
#include <csignal>
#include <ostream>

#include "cli/command_table.h"
#include "cli/daemon_launch.h"
#include "cli/daemon_status_view.h"
#include "cli/web_ui_address.h"
#include "os/interrupt_flag.h"
#include "os/process_probe.h"
#include "protocol/reload_outcome.h"

namespace drover::cli {
namespace {

// Start-up checks the whole database (PRAGMA quick_check): a few seconds for
// a large one read from a cold disk, more on a loaded machine.
constexpr std::chrono::milliseconds kStartPatience{60'000};
constexpr std::chrono::milliseconds kStopPatience{30'000};
constexpr std::chrono::milliseconds kReloadPatience{10'000};
constexpr std::chrono::milliseconds kStartPoll{100};
constexpr int kLogTailLines = 20;

// The daemon's pid when one answers on the socket.
std::optional<pid_t> answering_pid(const Context& context) {
  auto health = DaemonClient(context.paths(), std::chrono::seconds(2)).get("/healthz");
  if (!health || !(*health).value("ok", false)) return std::nullopt;
  return (*health).value("pid", pid_t{0});
}

int print_running(const Context& context, std::string_view what, pid_t pid) {
  std::string dir = context.paths().dir.string();
  if (context.global.json) {
    return context.print_json({{"running", true}, {"pid", pid}, {"state_dir", dir}});
  }
  context.out << fmt::format("drover daemon {} (pid {}, state dir {})\n", what, pid, dir);
  return 0;
}

void configure_daemon(CLI::App& command, CommandArgs& args) {
  command.add_option("--config", args.config_file,
                     "drover.toml to use (default: the state dir's, else built-in defaults)");
}

int run_foreground(Context& context) {
  if (!context.hooks.run_daemon) {
    return context.fail({ErrorCode::internal, "this build of drover cannot run a daemon"});
  }
  std::optional<std::filesystem::path> config;
  if (context.args.config_file) config = *context.args.config_file;
  return context.hooks.run_daemon(context.paths().dir, config);
}

// A spinner on stderr while waiting, when stderr is a terminal.
class Spinner {
 public:
  explicit Spinner(const Context& context) : m_context(context) {}
  ~Spinner() {
    if (m_shown) m_context.err << "\r\x1b[K" << std::flush;
  }
  void tick() {
    static constexpr std::array<const char*, 10> kFrames{"⠋", "⠙", "⠹", "⠸", "⠼",
                                                         "⠴", "⠦", "⠧", "⠇", "⠏"};
    if (!m_context.err_is_tty) return;
    m_context.err << "\r" << kFrames[m_frame++ % kFrames.size()] << " starting drover daemon…"
                  << std::flush;
    m_shown = true;
  }

 private:
  const Context& m_context;
  std::size_t m_frame = 0;
  bool m_shown = false;
};

enum class StartOutcome { answered, exited, timed_out, interrupted };

// Waits for the spawned daemon to answer /healthz, with a spinner on a terminal.
StartOutcome wait_until_answering(const Context& context, pid_t pid, pid_t& answering) {
  Spinner spinner(context);
  InterruptFlag interrupt;
  auto deadline = std::chrono::steady_clock::now() + kStartPatience;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto answered = answering_pid(context)) {
      answering = *answered;
      return StartOutcome::answered;
    }
    if (reap_if_exited(pid)) return StartOutcome::exited;
    spinner.tick();
    if (!interrupt.sleep_for(kStartPoll)) return StartOutcome::interrupted;
  }
  return StartOutcome::timed_out;
}

int start_failed(const Context& context, std::uintmax_t log_offset, const std::string& why) {
  StatePaths paths = context.paths();
  std::string tail = file_tail(paths.log_file(), log_offset, kLogTailLines);
  context.err << "drover: " << why << "; the end of " << paths.log_file().string() << ":\n"
              << (tail.empty() ? "(empty)\n" : tail);
  return 1;
}

int run_start(Context& context) {
  if (auto pid = answering_pid(context)) return print_running(context, "already running", *pid);
  StatePaths paths = context.paths();
  std::error_code ec;
  std::uintmax_t log_offset = std::filesystem::file_size(paths.log_file(), ec);
  if (ec) log_offset = 0;
  auto pid = spawn_daemon(paths, context.args.config_file);
  if (!pid) return context.fail(pid.error());
  pid_t answering = 0;
  switch (wait_until_answering(context, *pid, answering)) {
    case StartOutcome::answered:
      print_running(context, "started", answering);
      if (!context.global.json) print_web_ui_address(context);
      return 0;
    case StartOutcome::exited:
      return start_failed(context, log_offset, "the daemon exited at start-up");
    case StartOutcome::interrupted:
      return 130;
    case StartOutcome::timed_out:
      break;
  }
  return start_failed(context, log_offset,
                      fmt::format("the daemon (pid {}) did not answer within {} s", *pid,
                                  kStartPatience.count() / 1000));
}

int run_stop(Context& context) {
  std::optional<pid_t> pid = answering_pid(context);
  if (!pid) pid = pid_from_file(context.paths());
  if (!pid) {
    context.out << "drover daemon is not running (state dir " << context.paths().dir.string()
                << ")\n";
    return 0;
  }
  if (auto status = terminate_and_wait(*pid, kStopPatience); !status)
    return context.fail(status.error());
  if (context.global.json) return context.print_json({{"running", false}, {"pid", *pid}});
  context.out << fmt::format(
      "drover daemon stopped (pid {}); running jobs go on under their shims\n", *pid);
  return 0;
}

std::uintmax_t size_or_zero(const std::filesystem::path& file) {
  std::error_code ec;
  std::uintmax_t size = std::filesystem::file_size(file, ec);
  return ec ? 0 : size;
}

// The daemon's verdict on a reload, from what it logged after `offset`:
// nullopt while it has not said; "" when the config took; else why not.
std::optional<std::string> reload_verdict(const std::filesystem::path& log, std::uintmax_t offset) {
  std::string text = file_tail(log, offset, kLogTailLines);
  if (std::size_t refused = text.find(kReloadRefused); refused != std::string::npos) {
    std::size_t reason = refused + kReloadRefused.size();
    return text.substr(reason, text.find('\n', reason) - reason);
  }
  if (text.find(kConfigReloaded) != std::string::npos) return "";
  return std::nullopt;
}

// SIGHUP: the daemon rereads its config; a bad one is refused and the old
// one stays in force. Waits for its verdict in its log and passes it on.
int run_reload(Context& context) {
  auto pid = answering_pid(context);
  if (!pid) return context.fail({ErrorCode::unavailable, no_daemon_message(context.paths().dir)});
  std::filesystem::path log = context.paths().log_file();
  std::uintmax_t offset = size_or_zero(log);
  if (auto sent = signal_daemon(*pid, SIGHUP); !sent) return context.fail(sent.error());
  InterruptFlag interrupt;
  for (auto deadline = std::chrono::steady_clock::now() + kReloadPatience;
       std::chrono::steady_clock::now() < deadline;) {
    if (auto verdict = reload_verdict(log, offset)) {
      if (!verdict->empty()) {
        return context.fail(
            {ErrorCode::invalid,
             "the new config was refused; the old one stays in force: " + *verdict});
      }
      context.out << fmt::format("drover daemon (pid {}) reloaded its config\n", *pid);
      return 0;
    }
    if (!interrupt.sleep_for(kStartPoll)) return 130;
  }
  return context.fail({ErrorCode::unavailable,
                       fmt::format("sent SIGHUP to the drover daemon (pid {}), but it did not say "
                                   "within {} s whether the config took; see {}",
                                   *pid, kReloadPatience.count() / 1000, log.string())});
}

int run_status(Context& context) {
  if (auto health = daemon_health(context)) return print_daemon_status(context, *health);
  if (context.global.json) {
    context.print_json({{"running", false}, {"state_dir", context.paths().dir.string()}});
    return 1;
  }
  return context.fail({ErrorCode::unavailable, no_daemon_message(context.paths().dir)});
}

constexpr std::array<CommandSpec, 5> kDaemonCommands{{
    {"daemon", "", "run the daemon in the foreground (see also: daemon start)", configure_daemon,
     run_foreground},
    {"daemon start", "", "start the daemon in the background and wait until it answers", nullptr,
     run_start},
    {"daemon stop", "", "stop the daemon (running jobs go on under their shims)", nullptr,
     run_stop},
    {"daemon reload", "", "reread drover.toml (the old config stays if the new one is bad)",
     nullptr, run_reload},
    {"daemon status", "", "is a daemon running for this state dir?", nullptr, run_status},
}};

}  // namespace

std::span<const CommandSpec> daemon_commands() { return kDaemonCommands; }

}  // namespace drover::cli
