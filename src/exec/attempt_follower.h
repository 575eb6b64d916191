// One attempt the Launcher follows: its shim's pidfd, watched on the event
// loop, and its events.jsonl, tailed from the last applied seq; for a shim
// born from the launcher, also the read end of its channel, whose news say
// when to look (protocol/launcher_protocol.h).
//
// Lives on the io_context's thread. The pidfd and the channel belong to the
// follower's stream_descriptors: destroying the follower cancels the waits
// and closes them.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "exec/event_tail.h"
#include "exec/launcher.h"
#include "os/fd.h"

namespace drover {

class AttemptFollower {
 public:
  // `channel` may be empty: the shim is then looked at on a timer.
  AttemptFollower(boost::asio::io_context& io, AttemptRef ref, std::filesystem::path dir,
                  UniqueFd shim_pidfd, UniqueFd channel = UniqueFd());

  const AttemptRef& ref() const { return m_ref; }
  const std::filesystem::path& dir() const { return m_dir; }

  // Calls `on_end` once the shim process has ended (or with an error code
  // when the wait was cancelled).
  void wait_for_shim_end(std::function<void(const boost::system::error_code&)> on_end);

  bool has_channel() const { return m_channel.is_open(); }
  // Calls `on_news` once news arrived on the channel (and were read), with
  // true when it reached end of file (the shim has ended); not at all when
  // the follower is destroyed first.
  void wait_for_news(std::function<void(bool ended)> on_news);

  // Events completed since the last call; ref().last_seq moves past them.
  std::vector<JobEvent> read_new_events(const EventTail::Warn& warn);

  // Reaps the shim when it was our child, so no zombie stays behind.
  void reap_shim();
  // True once the shim has exited (its pidfd is readable). An event loop can
  // wake a descriptor spuriously; only this answer counts.
  bool shim_exited();

  // Sends `signal` to the shim; ok when it has already ended.
  Status signal_shim(int signal);

 private:
  // Reads what the channel holds; true at end of file.
  bool drain_news();

  AttemptRef m_ref;
  std::filesystem::path m_dir;
  boost::asio::posix::stream_descriptor m_shim_pidfd;
  boost::asio::posix::stream_descriptor m_channel;
  EventTail m_events;
};

// The attempt's recorded exit; nullopt when there is none, or when it
// belongs to another attempt (token), which `warn` reports.
std::optional<AttemptExit> read_attempt_exit(const std::filesystem::path& dir,
                                             const std::string& token, const EventTail::Warn& warn);

}  // namespace drover
