// A job's output.log as `drover logs` prints it for people. The file holds
// "2026-11-24T10:30:00.123Z line", stderr lines as "... err line" and the
// shim's notes as "... [drover] note" (src/shim/output_log.h). Printed:
//   10:30:00   line        stdout (local time of day by default)
//   10:30:00 ! line        stderr (red on a terminal)
// `@drover ...` event lines are left out unless asked for: they are most of
// a reporting job's log and `show`/`follow` already present them. Control
// characters are made visible (visible_text.h). Chunks may end mid-line: the
// partial line waits for the next chunk or finish(). Not thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace drover::cli {

enum class LogTimeStyle { local, utc, none };

struct LogViewOptions {
  bool events = false;  // keep `@drover` lines
  LogTimeStyle time = LogTimeStyle::local;
  bool color = false;
};

class LogView {
 public:
  explicit LogView(LogViewOptions options) : m_options(options) {}

  // The lines of `chunk` completed so far, rendered; keeps a trailing partial line.
  std::string add(std::string_view chunk);
  // The partial line left, rendered (a log cut mid-line); then empty.
  std::string finish();

 private:
  std::string render_line(std::string_view line) const;

  LogViewOptions m_options;
  std::string m_partial;
};

}  // namespace drover::cli
