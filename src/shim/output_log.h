// output.log: every line of the job's stdout and stderr with a UTC
// timestamp in front ("2026-11-24T10:30:00.123Z line", stderr lines marked
// "err "), plus the shim's own notes ("[drover] ..."). Every line, notes
// included, goes through the Redactor first (redactor.h), once: the caller
// gets the redacted line back to parse it as an event. A line cut at the
// length limit is redacted across its pieces (each stream keeps its carry).
//
// The log never grows past its cap: once the next line would not fit, one
// last note says so and everything after it is dropped (the caller keeps
// draining the pipes, so the job never blocks). Lines are gathered in one
// buffer reserved up front, so writing a line never allocates; a write
// error stops the log but not the job (append_file.h).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "os/fd.h"
#include "shim/append_file.h"
#include "shim/line_splitter.h"
#include "shim/log_timestamp.h"
#include "shim/redactor.h"

namespace drover {

class OutputLog {
 public:
  // `max_line` is the longest line that will be written (LineSplitter's limit).
  OutputLog(UniqueFd file, std::uint64_t max_bytes, std::size_t max_line,
            Redactor redactor = Redactor());
  // The file at `path` is created by the first line written.
  OutputLog(const std::filesystem::path& path, std::uint64_t max_bytes, std::size_t max_line,
            Redactor redactor = Redactor());

  // The time put in front of the lines written from now on.
  void set_time(Millis now) { m_timestamp.set(now); }

  enum class Stream { out, err };
  // Redacts and writes one piece of a line (LineSplitter's); returns it as
  // redacted, a view valid until the next write, also once the log is
  // full. The piece's end may be held back for the next piece (redactor.h).
  LinePiece write_piece(Stream stream, const LinePiece& piece);
  // A whole line.
  void write_line(Stream stream, std::string_view line) { write_piece(stream, {line, true, true}); }
  // A line of the shim's own: "[drover] " + text.
  void write_note(std::string_view text);

  // Writes what is gathered to the file; called once per round of the loop.
  void flush();
  // flush() and fsync.
  Status sync();

  std::uint64_t bytes() const { return m_bytes; }
  bool truncated() const { return m_truncated; }

 private:
  // Room for the truncation note, so that the file never exceeds the cap.
  static constexpr std::uint64_t kNoteReserve = 128;

  OutputLog(AppendFile file, std::uint64_t max_bytes, std::size_t max_line, Redactor redactor);

  void write_redacted(Stream stream, std::string_view line);
  void append(std::string_view marker, std::string_view line);
  bool fits(std::size_t line_size) const;

  AppendFile m_file;
  std::uint64_t m_max_bytes;
  std::uint64_t m_bytes = 0;  // written or gathered
  bool m_truncated = false;
  LogTimestamp m_timestamp;
  Redactor m_redactor;
  std::array<std::string, 2> m_carry;  // per Stream: held back from a cut line
};

}  // namespace drover
