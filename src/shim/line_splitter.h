// Cuts a byte stream (a job's stdout or stderr, read in large chunks) into
// lines without allocating per line. A line is handed out as a view into
// the chunk when it lies there whole, else into one buffer reserved once.
// A line longer than the limit is handed out in pieces of the limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace drover {

struct LinePiece {
  std::string_view text;    // without the newline
  bool starts_line = true;  // false: continues a line cut at the length limit
  bool ends_line = true;    // false: the line goes on in the next piece
};

class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line) : m_max_line(max_line > 0 ? max_line : 1) {
    m_pending.reserve(max_line);
  }

  // Calls on_piece(const LinePiece&) for every piece complete in `chunk`;
  // keeps an unfinished last line for the next call.
  template <typename OnPiece>
  void feed(std::string_view chunk, OnPiece&& on_piece);

  // At end of stream: hands out an unfinished last line, if any.
  template <typename OnPiece>
  void finish(OnPiece&& on_piece);

 private:
  // Completes the pending text with `tail` (may be empty) and returns the line.
  std::string_view take_line(std::string_view tail);
  // Drops a line handed out from m_pending, once the caller is done with it.
  void forget_taken_line();

  std::size_t m_max_line;
  std::string m_pending;
  bool m_pending_taken = false;  // m_pending holds a line already handed out
  bool m_continues = false;      // the next piece continues a cut line
};

template <typename OnPiece>
void LineSplitter::feed(std::string_view chunk, OnPiece&& on_piece) {
  while (!chunk.empty()) {
    forget_taken_line();
    std::size_t room = m_max_line - m_pending.size();
    std::size_t newline = chunk.find('\n');
    if (newline != std::string_view::npos && newline <= room) {
      on_piece(LinePiece{take_line(chunk.substr(0, newline)), !m_continues, true});
      m_continues = false;
      chunk.remove_prefix(newline + 1);
    } else if (chunk.size() <= room) {
      m_pending.append(chunk);
      return;
    } else {
      on_piece(LinePiece{take_line(chunk.substr(0, room)), !m_continues, false});
      m_continues = true;
      chunk.remove_prefix(room);
    }
  }
}

template <typename OnPiece>
void LineSplitter::finish(OnPiece&& on_piece) {
  forget_taken_line();
  if (!m_pending.empty()) on_piece(LinePiece{take_line({}), !m_continues, true});
  m_continues = false;
}

inline std::string_view LineSplitter::take_line(std::string_view tail) {
  if (m_pending.empty()) return tail;
  m_pending.append(tail);
  m_pending_taken = true;
  return m_pending;
}

inline void LineSplitter::forget_taken_line() {
  if (m_pending_taken) m_pending.clear();
  m_pending_taken = false;
}

}  // namespace drover
