#include "exec/attempt_follower.h"

#include <poll.h>
#include "exec/attempt_files.h"

#include <array>
#include <cerrno>

#include "os/pidfd.h"

namespace drover {

AttemptFollower::AttemptFollower(boost::asio::io_context& io, AttemptRef ref,
                                 std::filesystem::path dir, UniqueFd shim_pidfd, UniqueFd channel)
    : m_ref(std::move(ref)),
      m_dir(std::move(dir)),
      m_shim_pidfd(io, shim_pidfd.release()),
      m_channel(io),
      m_events(m_dir / kEventsFile, m_ref.last_seq) {
  if (channel) m_channel.assign(channel.release());
}

void AttemptFollower::wait_for_shim_end(
    std::function<void(const boost::system::error_code&)> on_end) {
  m_shim_pidfd.async_wait(boost::asio::posix::stream_descriptor::wait_read, std::move(on_end));
}

void AttemptFollower::wait_for_news(std::function<void(bool ended)> on_news) {
  // Destroying the follower cancels the wait: the handler never sees it gone.
  m_channel.async_wait(
      boost::asio::posix::stream_descriptor::wait_read,
      [this, on_news = std::move(on_news)](const boost::system::error_code& error) {
        if (error) return;
        on_news(drain_news());
      });
}

bool AttemptFollower::drain_news() {
  std::array<char, 64> news;
  for (;;) {
    auto read = read_some(m_channel.native_handle(), news);
    if (!read || read->end_of_file) return true;
    if (read->would_block) return false;
  }
}

std::vector<JobEvent> AttemptFollower::read_new_events(const EventTail::Warn& warn) {
  std::vector<JobEvent> events = m_events.read_new(warn);
  m_ref.last_seq = m_events.last_seq();
  return events;
}

void AttemptFollower::reap_shim() { (void)reap_via_pidfd(m_shim_pidfd.native_handle()); }

bool AttemptFollower::shim_exited() {
  pollfd entry{m_shim_pidfd.native_handle(), POLLIN, 0};
  int ready;
  do {
    ready = ::poll(&entry, 1, 0);
  } while (ready < 0 && errno == EINTR);
  return ready > 0 && (entry.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

Status AttemptFollower::signal_shim(int signal) {
  Status sent = signal_via_pidfd(m_shim_pidfd.native_handle(), signal);
  if (!sent && sent.error().code == ErrorCode::not_found) return {};  // its exit is on the way
  return sent;
}

std::optional<AttemptExit> read_attempt_exit(const std::filesystem::path& dir,
                                             const std::string& token,
                                             const EventTail::Warn& warn) {
  auto shim_exit = read_exit(dir);
  if (!shim_exit) {
    if (shim_exit.error().code != ErrorCode::not_found) warn(shim_exit.error().message);
    return std::nullopt;
  }
  if (shim_exit->token != token) {
    warn(fmt::format("the exit in {} belongs to another attempt (token {}); ignored", dir.string(),
                     shim_exit->token));
    return std::nullopt;
  }
  AttemptExit exit;
  exit.exit_code = shim_exit->exit_code;
  exit.signal = shim_exit->signal;
  exit.ended_at = shim_exit->ended_at;
  exit.log_bytes = shim_exit->log_bytes;
  exit.log_truncated = shim_exit->log_truncated;
  exit.start_error = shim_exit->error;  // the shim could not start the job
  return exit;
}

}  // namespace drover
