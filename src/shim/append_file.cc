#include "shim/append_file.h"

#include <cstdio>

namespace drover {

void AppendFile::flush() {
  if (m_buffer.empty()) return;
  if (!m_failed) {
    Status written = write_all(m_file.get(), m_buffer);
    if (!written) {
      m_failed = true;
      std::fprintf(stderr, "drover-shim: cannot write %s, dropping %s: %s\n", m_name.c_str(),
                   m_dropped.c_str(), written.error().message.c_str());
    }
  }
  m_buffer.clear();
}

Status AppendFile::sync() {
  flush();
  return sync_fd(m_file.get(), m_name);
}

}  // namespace drover
