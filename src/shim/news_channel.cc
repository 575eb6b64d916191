#include "shim/news_channel.h"

#include <string_view>

#include "os/fd.h"

namespace drover {

void NewsChannel::tell(ShimNews news) const {
  if (m_fd < 0) return;
  char byte = static_cast<char>(news);
  (void)write_all(m_fd, std::string_view(&byte, 1));  // full or closed: see the header
}

}  // namespace drover
