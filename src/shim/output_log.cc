#include "shim/output_log.h"

#include <algorithm>

#include "core/duration.h"

namespace drover {
namespace {

constexpr std::size_t kFlushAt = 256 * 1024;
constexpr std::string_view kErrMarker = "err ";
constexpr std::string_view kNoteMarker = "[drover] ";
constexpr std::size_t kMaxNote = 1024;

}  // namespace

OutputLog::OutputLog(UniqueFd file, std::uint64_t max_bytes, std::size_t max_line,
                     Redactor redactor)
    : OutputLog(AppendFile(std::move(file), "output.log", "the job's output"), max_bytes, max_line,
                std::move(redactor)) {}

OutputLog::OutputLog(const std::filesystem::path& path, std::uint64_t max_bytes,
                     std::size_t max_line, Redactor redactor)
    : OutputLog(AppendFile(path, "output.log", "the job's output"), max_bytes, max_line,
                std::move(redactor)) {}

OutputLog::OutputLog(AppendFile file, std::uint64_t max_bytes, std::size_t max_line,
                     Redactor redactor)
    : m_file(std::move(file)), m_max_bytes(max_bytes), m_redactor(std::move(redactor)) {
  // A cut line's piece comes with up to two carries of redaction overlap.
  m_file.buffer().reserve(kFlushAt + LogTimestamp::kSize + kErrMarker.size() +
                          std::max(max_line + 2 * kRedactionCarry, kMaxNote) + 1 + kNoteReserve);
  for (std::string& carry : m_carry) carry.reserve(2 * kRedactionCarry);
}

bool OutputLog::fits(std::size_t line_size) const {
  return m_max_bytes >= kNoteReserve && m_bytes + line_size <= m_max_bytes - kNoteReserve;
}

void OutputLog::append(std::string_view marker, std::string_view line) {
  std::string& buffer = m_file.buffer();
  buffer.append(m_timestamp.text()).append(marker).append(line).push_back('\n');
  m_bytes += LogTimestamp::kSize + marker.size() + line.size() + 1;
  if (buffer.size() >= kFlushAt) flush();
}

LinePiece OutputLog::write_piece(Stream stream, const LinePiece& piece) {
  std::string& carry = m_carry[stream == Stream::err ? 1 : 0];
  LinePiece written = piece;
  written.text = m_redactor.redact_piece(piece.text, piece.ends_line, carry);
  // All of a cut piece may be held back: nothing to write yet.
  if (!written.text.empty() || piece.ends_line) write_redacted(stream, written.text);
  return written;
}

void OutputLog::write_redacted(Stream stream, std::string_view line) {
  if (m_truncated) return;
  std::string_view marker = stream == Stream::err ? kErrMarker : std::string_view();
  if (fits(LogTimestamp::kSize + marker.size() + line.size() + 1)) {
    append(marker, line);
    return;
  }
  m_truncated = true;
  std::string note =
      fmt::format("log truncated at {}; further output discarded", format_size(m_max_bytes));
  append(kNoteMarker, note);
}

void OutputLog::write_note(std::string_view text) {
  if (m_truncated) return;
  std::string note = std::string(kNoteMarker) + std::string(m_redactor.redact(text));
  if (note.size() > kMaxNote) note.resize(kMaxNote);
  if (fits(LogTimestamp::kSize + note.size() + 1)) append({}, note);
}

void OutputLog::flush() { m_file.flush(); }

Status OutputLog::sync() { return m_file.sync(); }

}  // namespace drover
