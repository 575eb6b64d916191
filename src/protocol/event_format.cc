#include "protocol/event_format.h"

#include <fmt/format.h>

#include "protocol/event_parser.h"
#include "protocol/json_text.h"

namespace drover {
namespace {

// One line of free text: line breaks would end the event early.
std::string single_line(std::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

// One word: the parser splits NAME at the first blank.
std::string single_word(std::string_view text) {
  std::string word(text);
  for (char& c : word) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = '_';
  }
  return word;
}

std::string format_body(const JobEvent& event) {
  switch (event.kind) {
    case EventKind::progress: {
      std::string counts = fmt::format("{}", event.current.value_or(0));
      if (event.total) counts += fmt::format("/{}", *event.total);
      return event.item.empty() ? counts : counts + " " + single_line(event.item);
    }
    case EventKind::total:
      return fmt::format("{}", event.total.value_or(0));
    case EventKind::item: {
      std::string body =
          fmt::format("{} {}", item_outcome_name(event.outcome), single_word(event.item));
      return event.text.empty() ? body : body + " " + single_line(event.text);
    }
    case EventKind::message:
      return single_line(event.text);
    case EventKind::checkpoint:
    case EventKind::result:
      return to_json_text(event.value);
    case EventKind::pause: {
      std::string until = event.until ? "until=" + format_rfc3339(*event.until) : "";
      if (event.text.empty()) return until;
      return until.empty() ? single_line(event.text) : until + " " + single_line(event.text);
    }
  }
  return "";
}

}  // namespace

std::string format_event_line(const JobEvent& event) {
  std::string body = format_body(event);
  std::string line = std::string(kEventLinePrefix) + std::string(event_kind_name(event.kind));
  return body.empty() ? line : line + " " + body;
}

}  // namespace drover
