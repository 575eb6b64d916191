// The shim's side of its attempt's channel (protocol/launcher_protocol.h):
// one byte per news, never blocking the shim. A full pipe already holds
// unread news, so a byte that does not fit is not needed; a daemon that is
// gone (EPIPE) reads the files when it comes back.
#pragma once

#include "protocol/launcher_protocol.h"

namespace drover {

class NewsChannel {
 public:
  NewsChannel() = default;  // no channel: an exec'd shim, followed by polling
  explicit NewsChannel(int fd) : m_fd(fd) {}

  void tell(ShimNews news) const;

 private:
  int m_fd = -1;  // not owned: the shim's descriptor lives as long as it does
};

}  // namespace drover
