#include "cli/log_view.h"

#include "cli/color.h"
#include "cli/humanize.h"
#include "cli/visible_text.h"
#include "core/clock.h"

namespace drover::cli {
namespace {

constexpr std::string_view kStderrMarker = "err ";
constexpr std::string_view kEventPrefix = "@drover ";

struct LogLine {
  std::string_view stamp;  // as written, "" when the line has none
  std::optional<Millis> at;
  bool is_stderr = false;
  std::string_view text;
};

LogLine split_line(std::string_view line) {
  LogLine parsed{{}, std::nullopt, false, line};
  std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return parsed;
  std::string stamp(line.substr(0, space));
  parsed.at = parse_rfc3339(stamp);
  if (!parsed.at) return parsed;
  parsed.stamp = line.substr(0, space);
  parsed.text = line.substr(space + 1);
  if (parsed.text.starts_with(kStderrMarker)) {
    parsed.is_stderr = true;
    parsed.text.remove_prefix(kStderrMarker.size());
  }
  return parsed;
}

std::string time_column(const LogLine& line, LogTimeStyle style) {
  if (style == LogTimeStyle::none || !line.at) return "";
  if (style == LogTimeStyle::utc) return std::string(line.stamp) + " ";
  return format_local_clock(*line.at) + " ";
}

}  // namespace

std::string LogView::render_line(std::string_view raw) const {
  LogLine line = split_line(raw);
  if (!m_options.events && !line.is_stderr && line.text.starts_with(kEventPrefix)) return "";
  std::string text = visible_text(line.text, {.keep_tab = true, .keep_newline = false});
  std::string marker = line.is_stderr ? "! " : "  ";
  if (line.is_stderr) text = paint(text, Color::red, m_options.color);
  return time_column(line, m_options.time) + marker + text + "\n";
}

std::string LogView::add(std::string_view chunk) {
  std::string out;
  m_partial += chunk;
  std::size_t start = 0;
  for (std::size_t end = m_partial.find('\n'); end != std::string::npos;
       end = m_partial.find('\n', start)) {
    out += render_line(std::string_view(m_partial).substr(start, end - start));
    start = end + 1;
  }
  m_partial.erase(0, start);
  return out;
}

std::string LogView::finish() {
  if (m_partial.empty()) return "";
  std::string out = render_line(m_partial);
  m_partial.clear();
  return out;
}

}  // namespace drover::cli
