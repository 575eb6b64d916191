#include "cli/emit_line.h"

#include "protocol/event_format.h"
#include "protocol/event_parser.h"

namespace drover::cli {
namespace {

constexpr const char* kEmitUsage =
    "emit progress CURRENT[/TOTAL] [ITEM] | total N | item ok|fail|skip NAME [ERROR] | "
    "message TEXT | checkpoint JSON | result JSON | pause [until=+15m|until=TIME] [REASON]";

}  // namespace

Result<std::string> emit_line(const std::vector<std::string>& words, Millis now) {
  if (words.empty()) return make_error(ErrorCode::usage, "what to emit? {}", kEmitUsage);
  std::string line(kEventLinePrefix);
  for (std::size_t i = 0; i < words.size(); ++i) line += (i > 0 ? " " : "") + words[i];
  auto event = parse_event_line(line, now);
  if (!event) {
    return make_error(ErrorCode::usage, "{}\nusage: drover {}", event.error().message, kEmitUsage);
  }
  return format_event_line(*event);
}

}  // namespace drover::cli
