#include "os/poll.h"

#include <poll.h>

#include <array>
#include <cerrno>

#include "os/system_error.h"

namespace drover {

Status wait_readable(std::span<PollEntry> entries, int timeout_ms) {
  if (entries.size() > kMaxPollEntries) {
    return make_error(ErrorCode::internal, "too many descriptors to poll: {}", entries.size());
  }
  // A fixed array: this runs once per chunk of job output, without allocating.
  std::array<pollfd, kMaxPollEntries> fds{};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    fds[i].fd = entries[i].fd;
    fds[i].events = POLLIN;
    entries[i].readable = false;
  }
  int ready = ::poll(fds.data(), entries.size(), timeout_ms);
  if (ready < 0) {
    if (errno == EINTR) return {};
    return system_error("cannot wait for job output", errno);
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    entries[i].readable = entries[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR));
  }
  return {};
}

}  // namespace drover
