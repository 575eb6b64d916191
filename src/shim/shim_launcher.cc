#include "shim/shim_launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "os/environment.h"
#include "os/fd.h"
#include "os/file_lock.h"
#include "os/fork.h"
#include "os/pidfd.h"
#include "os/poll.h"
#include "os/private_umask.h"
#include "os/process_identity.h"
#include "os/process_probe.h"
#include "os/signals.h"
#include "os/unix_socket.h"
#include "protocol/launcher_protocol.h"
#include "protocol/shim_files.h"
#include "shim/shim.h"
#include "shim/shim_log.h"

namespace drover {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kIdleCheckMs = 5000;
constexpr auto kIdleExit = std::chrono::seconds(60);
// The poll set: the listener, the signalfd, then the connected daemons (one
// at a time in practice; a few more for tools and tests).
constexpr std::size_t kMaxClients = kMaxPollEntries - 2;

struct Client {
  UniqueFd socket;
  std::optional<std::vector<std::string>> environment;  // from its hello
};

void complain(const std::string& message) {
  std::fprintf(stderr, "drover-shim --launcher: %s\n", message.c_str());
}

// The forked child's life: detach, then be the attempt's shim. Its stdout
// and stderr stay the launcher's log; what it says about the attempt goes
// into shim.log, made only when there is something to say.
int run_forked_shim(const LaunchOrder& order, int channel_fd, const Client& client) {
  say_into_shim_log(order.attempt_dir);
  auto channel = detach_forked_child(order.attempt_dir, -1, channel_fd);
  if (!channel) {
    shim_say(channel.error().message);
    return kShimFailed;
  }
  if (client.environment) replace_environment(*client.environment);
  return run_shim(order.attempt_dir, ShimInput{order.spec_text, *channel});
}

class LauncherLoop {
 public:
  LauncherLoop(UniqueFd listener, UniqueFd signals)
      : m_listener(std::move(listener)), m_signals(std::move(signals)) {}

  int run();

 private:
  void accept_client();
  bool serve(Client& client);  // false: the client is gone
  LaunchAnswer fork_shim(const Client& client, const LaunchOrder& order, UniqueFd channel,
                         UniqueFd& pidfd);
  void reap();
  bool idle_too_long();

  UniqueFd m_listener;
  UniqueFd m_signals;
  std::vector<Client> m_clients;
  int m_children = 0;
  SteadyClock::time_point m_busy_at = SteadyClock::now();
};

int LauncherLoop::run() {
  for (;;) {
    std::array<PollEntry, kMaxPollEntries> entries{};
    entries[0].fd = m_listener.get();
    entries[1].fd = m_signals.get();
    for (std::size_t i = 0; i < m_clients.size(); ++i)
      entries[2 + i].fd = m_clients[i].socket.get();
    std::size_t count = 2 + m_clients.size();
    int timeout = m_clients.empty() ? kIdleCheckMs : -1;
    if (Status waited = wait_readable(std::span(entries.data(), count), timeout); !waited) {
      complain(waited.error().message);
      return 1;
    }
    if (entries[1].readable) reap();
    for (std::size_t i = m_clients.size(); i-- > 0;) {
      if (entries[2 + i].readable && !serve(m_clients[i])) {
        m_clients.erase(m_clients.begin() + static_cast<std::ptrdiff_t>(i));
        m_busy_at = SteadyClock::now();
      }
    }
    if (entries[0].readable) accept_client();
    if (idle_too_long()) return 0;
  }
}

void LauncherLoop::accept_client() {
  auto socket = accept_unix(m_listener.get());
  if (!socket) return complain(socket.error().message);
  if (m_clients.size() >= kMaxClients) return complain("too many connections; one refused");
  m_clients.push_back(Client{std::move(*socket), std::nullopt});
}

bool LauncherLoop::serve(Client& client) {
  auto message = receive_message(client.socket.get(), 0);
  if (!message || message->closed) return false;
  if (auto environment = parse_hello(message->text)) {
    client.environment = std::move(*environment);
    return true;
  }
  LaunchAnswer answer;
  UniqueFd pidfd;
  auto order = parse_order(message->text);
  if (!order) {
    answer.error = order.error().message;
  } else if (message->fds.size() != 1) {
    answer.error = "a launch order comes with exactly one descriptor: the attempt's channel";
  } else {
    answer = fork_shim(client, *order, std::move(message->fds[0]), pidfd);
  }
  std::array<int, 1> fds{pidfd.get()};
  auto sent = send_message(client.socket.get(), format_answer(answer),
                           pidfd ? std::span<const int>(fds) : std::span<const int>());
  return sent.ok();
}

LaunchAnswer LauncherLoop::fork_shim(const Client& client, const LaunchOrder& order,
                                     UniqueFd channel, UniqueFd& pidfd) {
  auto pid = fork_process();
  if (!pid) return LaunchAnswer{0, 0, pid.error().message};
  if (*pid == 0) {
    int code = run_forked_shim(order, channel.get(), client);
    std::fflush(nullptr);
    ::_exit(code);
  }
  ++m_children;
  m_busy_at = SteadyClock::now();
  // Our unreaped child: its pid, pidfd and start time name it until reap().
  auto opened = open_pidfd(*pid);
  auto ticks = read_start_ticks(*pid);
  if (!opened || !ticks) {
    complain(fmt::format("shim {} forked for {} but cannot be named: {}", *pid,
                         order.attempt_dir.string(),
                         opened ? ticks.error().message : opened.error().message));
    return LaunchAnswer{*pid, 0, ""};  // it runs: the daemon finds it by its claim
  }
  pidfd = std::move(*opened);
  return LaunchAnswer{*pid, *ticks, ""};
}

void LauncherLoop::reap() {
  while (read_pending_signal(m_signals.get())) {
  }
  m_children -= reap_ended_children();
  if (m_children < 0) m_children = 0;
  m_busy_at = SteadyClock::now();
}

bool LauncherLoop::idle_too_long() {
  if (!m_clients.empty() || m_children > 0) return false;
  return SteadyClock::now() - m_busy_at >= kIdleExit;
}

}  // namespace

int run_launcher(const std::filesystem::path& state_dir) {
  auto lock = lock_file_exclusively(state_dir / kLauncherLock);
  if (!lock) {
    if (lock.error().code == ErrorCode::conflict) return 0;  // one runs already: use it
    complain(lock.error().message);
    return 1;
  }
  Result<UniqueFd> listener = make_error(ErrorCode::internal, "not bound");
  with_private_umask([&] { listener = listen_unix(state_dir / kLauncherSocket); });
  if (!listener) {
    complain(listener.error().message);
    return 1;
  }
  auto signals = block_signals_into_fd({SIGCHLD});
  Status ignored = ignore_signals({SIGHUP, SIGINT, SIGPIPE});
  if (!signals || !ignored) {
    complain(signals ? ignored.error().message : signals.error().message);
    return 1;
  }
  // Out of the daemon's children: it sees this process exit once the
  // socket listens, and never has to reap the launcher.
  auto pid = fork_process();
  if (!pid) {
    complain(pid.error().message);
    return 1;
  }
  if (*pid != 0) return 0;
  (void)rewrite_fd(lock->get(), fmt::format("{}\n", current_pid()));
  (void)read_boot_id();  // read once here, inherited by every shim forked (it is cached)
  return LauncherLoop(std::move(*listener), std::move(*signals)).run();
}

}  // namespace drover
