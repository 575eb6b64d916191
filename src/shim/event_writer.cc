#include "shim/event_writer.h"

#include <cstdio>

#include "protocol/event_parser.h"
#include "protocol/event_record.h"

namespace drover {

void EventWriter::consider(const LinePiece& piece, std::int64_t line_number, Millis now) {
  if (!piece.starts_line || !is_event_line(piece.text)) return;
  if (!piece.ends_line) {
    m_log.write_note(
        fmt::format("warning: stdout line {}: event line too long, ignored", line_number));
    return;
  }
  auto event = parse_event_line(piece.text, now);
  if (!event) {
    m_log.write_note(
        fmt::format("warning: stdout line {}: {}", line_number, event.error().message));
    return;
  }
  event->seq = ++m_seq;
  m_pending += format_event_record(*event);
}

void EventWriter::flush() {
  if (m_pending.empty()) return;
  if (!m_failed) {
    // One write per round: a reader sees whole records or a partial last line.
    Status written = write_all(m_file.get(), m_pending);
    if (!written) {
      m_failed = true;
      std::fprintf(stderr, "drover-shim: cannot write events.jsonl, dropping events: %s\n",
                   written.error().message.c_str());
    }
  }
  m_pending.clear();
}

Status EventWriter::sync() {
  flush();
  return sync_fd(m_file.get(), "events.jsonl");
}

}  // namespace drover
