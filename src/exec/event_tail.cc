#include "exec/event_tail.h"

#include <fcntl.h>

#include "protocol/event_record.h"

namespace drover {

void EventTail::read_new_bytes(const Warn& warn) {
  if (!m_file.valid()) {
    auto file = open_file(m_path, O_RDONLY);
    if (!file) {
      if (file.error().code != ErrorCode::not_found) warn(file.error().message);
      return;
    }
    m_file = std::move(*file);
  }
  char buffer[65536];
  for (;;) {
    auto outcome = read_some_at(m_file.get(), m_offset, buffer);
    if (!outcome) warn(fmt::format("{}: {}", m_path.string(), outcome.error().message));
    if (!outcome || outcome->end_of_file) return;
    m_partial.append(buffer, outcome->bytes);
    m_offset += outcome->bytes;
  }
}

std::vector<JobEvent> EventTail::read_new(const Warn& warn) {
  read_new_bytes(warn);
  std::vector<JobEvent> events;
  std::size_t start = 0;
  for (std::size_t end; (end = m_partial.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string_view line(m_partial.data() + start, end - start);
    auto event = parse_event_record(line);
    if (!event) {
      warn(fmt::format("{}: {}", m_path.string(), event.error().message));
      continue;
    }
    if (event->seq <= m_last_seq) continue;
    m_last_seq = event->seq;
    events.push_back(std::move(*event));
  }
  m_partial.erase(0, start);
  return events;
}

}  // namespace drover
