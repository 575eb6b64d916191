#include "exec/launcher_link.h"

#include <fcntl.h>

#include <array>
#include <string_view>

#include "os/environment.h"
#include "os/process.h"
#include "os/unix_socket.h"

namespace drover {
namespace {

constexpr std::chrono::seconds kRetryStartAfter{5};
constexpr int kAnswerTimeoutMs = 10'000;

}  // namespace

LauncherLink::LauncherLink(std::filesystem::path state_dir, std::filesystem::path shim_path)
    : m_state_dir(std::move(state_dir)), m_shim_path(std::move(shim_path)) {}

LinkOutcome LauncherLink::launch(const LaunchOrder& order, int channel_fd) {
  Status sent = send_order(order, channel_fd);
  if (!sent && m_socket) {
    // The launcher we knew is gone (a failed send delivers nothing): once more, to a new one.
    m_socket.reset();
    sent = send_order(order, channel_fd);
  }
  if (!sent) return LinkOutcome{std::nullopt, false, sent.error().message};
  auto answer_message = receive_message(m_socket.get(), kAnswerTimeoutMs);
  if (!answer_message || answer_message->closed) {
    m_socket.reset();
    std::string why =
        answer_message ? "the launcher closed the connection" : answer_message.error().message;
    return LinkOutcome{std::nullopt, true, "no answer from the launcher: " + why};
  }
  auto answer = parse_answer(answer_message->text);
  if (!answer) {
    m_socket.reset();
    return LinkOutcome{std::nullopt, true, answer.error().message};
  }
  if (!answer->error.empty()) return LinkOutcome{std::nullopt, false, answer->error};
  if (answer_message->fds.size() != 1 || answer->shim_start_ticks == 0) {
    return LinkOutcome{std::nullopt, true, "the launcher forked a shim it could not name"};
  }
  ForkedShim shim{answer->shim_pid, answer->shim_start_ticks, std::move(answer_message->fds[0])};
  return LinkOutcome{std::move(shim), false, ""};
}

Status LauncherLink::send_order(const LaunchOrder& order, int channel_fd) {
  if (!m_socket) DROVER_RETURN_IF_ERROR(connect());
  std::array<int, 1> fds{channel_fd};
  return send_message(m_socket.get(), format_order(order), fds);
}

Status LauncherLink::connect() {
  auto socket = connect_unix(m_state_dir / kLauncherSocket);
  if (!socket && socket.error().code == ErrorCode::not_found) {
    if (m_retry_at && std::chrono::steady_clock::now() < *m_retry_at) return socket.error();
    Status started = start_launcher();
    if (!started) {
      m_retry_at = std::chrono::steady_clock::now() + kRetryStartAfter;
      return started;
    }
    socket = connect_unix(m_state_dir / kLauncherSocket);
  }
  if (!socket) return socket.error();
  m_retry_at.reset();
  // Shims forked for us start from our environment, as if we had started them.
  std::string hello = format_hello(current_environment());
  if (hello.size() <= kMaxMessage) DROVER_RETURN_IF_ERROR(send_message(socket->get(), hello));
  m_socket = std::move(*socket);
  return {};
}

// Runs `drover-shim --launcher STATE_DIR`, which returns once its forked
// copy listens (or another launcher does).
Status LauncherLink::start_launcher() {
  DROVER_TRY(log, open_file(m_state_dir / kLauncherLog, O_WRONLY | O_CREAT | O_APPEND, 0600));
  SpawnOptions options;
  options.argv = {m_shim_path.string(), "--launcher", m_state_dir.string()};
  options.cwd = m_state_dir;
  options.stdout_fd = log->get();
  options.stderr_fd = log->get();
  options.new_session = true;  // out of the daemon's session: a terminal closing can't reach it
  DROVER_TRY(pid, spawn_process(options));
  DROVER_TRY(status, wait_for_exit(*pid));
  if (status->exit_code != 0) {
    return make_error(ErrorCode::io, "the launcher ({} --launcher) did not start: {}; see {}",
                      m_shim_path.string(), status->describe(),
                      (m_state_dir / kLauncherLog).string());
  }
  return {};
}

}  // namespace drover
