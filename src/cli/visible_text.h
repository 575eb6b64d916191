// Text from jobs (items, messages, errors, params, log lines) made safe to
// print on a terminal: a job must not be able to clear the screen, set the
// window title or plant OSC-8 links in the operator's terminal. Every
// control character is replaced by a visible stand-in: C0 by its control
// picture (ESC → "␛", BEL → "␇"), DEL by "␡", C1 (U+0080..U+009F) and bytes
// that are not UTF-8 by "\xNN". Printable UTF-8 is kept as it is.
// Used by every human rendering; `--json` output is never passed through it.
#pragma once

#include <string>
#include <string_view>

namespace drover::cli {

struct VisibleTextOptions {
  bool keep_tab = false;      // log lines keep their tabs
  bool keep_newline = false;  // whole log chunks keep their line breaks
};

std::string visible_text(std::string_view text, VisibleTextOptions options = {});

}  // namespace drover::cli
