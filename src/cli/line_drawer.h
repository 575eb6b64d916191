// One status line that keeps changing (`follow`, `wait`): on a terminal it is
// redrawn in place, pinned under any output printed above it; otherwise each
// new version is printed on its own line, and only when it changed, so a log
// of the output stays short.
#pragma once

#include <string>

#include "cli/cli_context.h"

namespace drover::cli {

class LineDrawer {
 public:
  explicit LineDrawer(const Context& context) : m_context(context) {}
  void draw(const std::string& line);
  // Prints `text` (whole lines) above the status line, which stays last:
  // on a terminal the line is lifted and drawn again under the text.
  void print_above(const std::string& text);
  // Ends the redrawn line, so what follows starts on a fresh one.
  void finish();

 private:
  const Context& m_context;
  std::string m_last;
};

}  // namespace drover::cli
