#include "api/server_sent_event.h"

#include <fmt/format.h>

namespace drover {

std::string sse_event(std::string_view event, std::string_view data,
                      std::optional<std::uint64_t> id) {
  std::string text;
  if (id) text += fmt::format("id: {}\n", *id);
  text += fmt::format("event: {}\n", event);
  while (true) {
    std::size_t newline = data.find('\n');
    std::string_view line = data.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a lone CR ends a line too
    text += "data: ";
    text += line;
    text += '\n';
    if (newline == std::string_view::npos) break;
    data.remove_prefix(newline + 1);
  }
  text += '\n';
  return text;
}

std::string sse_comment(std::string_view text) { return fmt::format(": {}\n\n", text); }

std::string sse_retry(int milliseconds) { return fmt::format("retry: {}\n\n", milliseconds); }

}  // namespace drover
