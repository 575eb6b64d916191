// Unix seqpacket sockets that carry descriptors: how the daemon talks to
// the launcher in its state dir. Each send is one message, received whole
// or not at all; descriptors travel beside the text (SCM_RIGHTS) and
// arrive close-on-exec.
//
// Thread-safety: plain system calls on descriptors the caller owns.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "os/fd.h"

namespace drover {

// Binds and listens on `path` (a leftover socket file there is replaced).
// The file's mode comes from the umask: call it under with_private_umask.
Result<UniqueFd> listen_unix(const std::filesystem::path& path);

// Connects to `path`; not_found when nobody listens there.
Result<UniqueFd> connect_unix(const std::filesystem::path& path);

// Accepts one pending connection (the listener said it is readable).
Result<UniqueFd> accept_unix(int listener);

// Sends `text` (at most kMaxMessage bytes) and the descriptors in one message.
inline constexpr std::size_t kMaxMessage = 60 * 1024;
Status send_message(int socket, std::string_view text, std::span<const int> fds = {});

struct Message {
  std::string text;
  std::vector<UniqueFd> fds;
  bool closed = false;  // the peer closed the connection: no message
};

// Waits up to `timeout_ms` (-1: no limit) for the next message; a timeout
// is an error of code io.
Result<Message> receive_message(int socket, int timeout_ms);

}  // namespace drover
