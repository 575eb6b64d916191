#include "shim/event_writer.h"

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
  m_file.buffer() += format_event_record(*event);
}

}  // namespace drover
