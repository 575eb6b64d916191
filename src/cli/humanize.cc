#include "cli/humanize.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <ctime>

namespace drover::cli {
namespace {

constexpr Millis kSecond = 1000;
constexpr Millis kMinute = 60 * kSecond;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;

struct SpanUnit {
  Millis size;
  const char* name;
};

// Largest first; a span shows its largest unit, plus the next one while the
// first is small enough that the rest still matters ("1 h 30 min", "14 h").
constexpr std::array<SpanUnit, 4> kSpanUnits{
    {{kDay, "d"}, {kHour, "h"}, {kMinute, "min"}, {kSecond, "s"}}};

std::tm local_time(Millis at) {
  std::time_t seconds = static_cast<std::time_t>(at / 1000);
  std::tm tm{};
  localtime_r(&seconds, &tm);
  return tm;
}

}  // namespace

std::string humanize_span(Millis span) {
  if (span < 0) span = -span;
  for (std::size_t i = 0; i < kSpanUnits.size(); ++i) {
    const SpanUnit& unit = kSpanUnits[i];
    if (span < unit.size) continue;
    Millis whole = span / unit.size;
    std::string text = fmt::format("{} {}", whole, unit.name);
    bool show_next = whole < 10 && i + 2 < kSpanUnits.size();  // never "1 min 20 s"
    if (show_next) {
      Millis rest = (span % unit.size) / kSpanUnits[i + 1].size;
      if (rest > 0) text += fmt::format(" {} {}", rest, kSpanUnits[i + 1].name);
    }
    return text;
  }
  return "0 s";
}

std::string humanize_relative(Millis at, Millis now) {
  Millis delta = now - at;
  if (delta >= 0 && delta < 5 * kSecond) return "just now";
  if (delta < 0 && -delta < kSecond) return "just now";
  if (delta < 0) return "in " + humanize_span(-delta);
  return humanize_span(delta) + " ago";
}

std::string humanize_eta(std::int64_t seconds) {
  if (seconds < 60) return "< 1 min";
  return "~" + humanize_span(seconds * kSecond);
}

std::string humanize_rate(double per_second) {
  if (!(per_second > 0)) return "0/s";
  if (per_second < 0.1) return fmt::format("{:.2f}/s", per_second);
  if (per_second < 10) {
    std::string text = fmt::format("{:.1f}", per_second);
    if (text.ends_with(".0")) text.resize(text.size() - 2);
    return text + "/s";
  }
  if (per_second < 1000) return fmt::format("{:.0f}/s", per_second);
  if (per_second < 1e6) return fmt::format("{:.1f}k/s", per_second / 1e3);
  return fmt::format("{:.1f}M/s", per_second / 1e6);
}

std::string humanize_count(std::int64_t count) {
  std::string digits = std::to_string(count < 0 ? -count : count);
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return count < 0 ? "-" + text : text;
}

std::string humanize_clock_time(Millis at, Millis now) {
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm then = local_time(at);
  std::tm today = local_time(now);
  std::string clock = fmt::format("{:02}:{:02}", then.tm_hour, then.tm_min);
  if (then.tm_year == today.tm_year && then.tm_yday == today.tm_yday) return clock;
  return fmt::format("{} {} {}", kMonths[static_cast<std::size_t>(then.tm_mon)], then.tm_mday,
                     clock);
}

std::string humanize_clock_time_ahead(Millis at, Millis now) {
  return fmt::format("{} ({})", humanize_clock_time(at, now), humanize_relative(at, now));
}

std::string format_local_clock(Millis at) {
  std::tm tm = local_time(at);
  return fmt::format("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string format_local_time(Millis at) {
  std::tm tm = local_time(at);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace drover::cli
