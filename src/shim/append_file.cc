#include "shim/append_file.h"

#include <fcntl.h>

#include <cstdio>

namespace drover {

bool AppendFile::flush() {
  if (m_buffer.empty()) return false;
  m_written = true;
  if (!m_failed) {
    Status written = open_if_needed();
    if (written) written = write_all(m_file.get(), m_buffer);
    if (!written) {
      m_failed = true;
      std::fprintf(stderr, "drover-shim: cannot write %s, dropping %s: %s\n", m_name.c_str(),
                   m_dropped.c_str(), written.error().message.c_str());
    }
  }
  m_buffer.clear();
  return true;
}

Status AppendFile::open_if_needed() {
  if (m_file) return {};
  // Only a new file: the job may have planted a link at that name meanwhile.
  DROVER_TRY(file, open_file(m_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_APPEND, 0644));
  m_file = std::move(*file);
  return {};
}

Status AppendFile::sync() {
  flush();
  if (!m_written) return {};
  return sync_fd(m_file.get(), m_name);
}

}  // namespace drover
