#include "cli/line_drawer.h"

#include <ostream>

namespace drover::cli {

void LineDrawer::draw(const std::string& line) {
  if (line == m_last) return;
  if (m_context.out_is_tty) {
    m_context.out << "\r" << line << "\x1b[K";
  } else {
    m_context.out << line << "\n";
  }
  m_context.out.flush();
  m_last = line;
}

void LineDrawer::print_above(const std::string& text) {
  if (text.empty()) return;
  if (m_context.out_is_tty && !m_last.empty()) {
    m_context.out << "\r\x1b[K" << text << m_last << "\x1b[K";
  } else {
    m_context.out << text;
  }
  m_context.out.flush();
}

void LineDrawer::finish() {
  if (m_context.out_is_tty && !m_last.empty()) m_context.out << "\n";
  m_last.clear();
}

}  // namespace drover::cli
