#include "protocol/event_parser.h"

#include <array>
#include <charconv>

#include "core/duration.h"
#include "protocol/json_text.h"

namespace drover {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// Splits off the first word; `rest` keeps what follows, trimmed.
std::string_view next_word(std::string_view& rest) {
  rest = trim(rest);
  std::size_t end = 0;
  while (end < rest.size() && !is_blank(rest[end])) ++end;
  std::string_view word = rest.substr(0, end);
  rest = trim(rest.substr(end));
  return word;
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

Error bad(std::string_view kind, std::string_view expected, std::string_view got) {
  constexpr std::size_t kShown = 60;
  std::string shown(got.substr(0, kShown));
  if (got.size() > kShown) shown += "...";
  return make_error(ErrorCode::invalid, "bad `{}` event: expected {}, got \"{}\"", kind, expected,
                    shown);
}

using KindParser = Status (*)(std::string_view rest, Millis now, JobEvent& event);

Status parse_progress(std::string_view rest, Millis, JobEvent& event) {
  constexpr std::string_view expected = "CURRENT[/TOTAL] [ITEM] with whole numbers";
  std::string_view counts = next_word(rest);
  std::size_t slash = counts.find('/');
  event.current = parse_count(counts.substr(0, slash));
  if (!event.current) return bad("progress", expected, counts);
  if (slash != std::string_view::npos) {
    event.total = parse_count(counts.substr(slash + 1));
    if (!event.total) return bad("progress", expected, counts);
  }
  event.item = rest;
  return {};
}

Status parse_total(std::string_view rest, Millis, JobEvent& event) {
  event.total = parse_count(trim(rest));
  if (!event.total) return bad("total", "one whole number", rest);
  return {};
}

Status parse_item(std::string_view rest, Millis, JobEvent& event) {
  constexpr std::string_view expected = "ok|fail|skip NAME [ERROR]";
  std::string_view outcome_word = next_word(rest);
  auto outcome = parse_item_outcome(outcome_word);
  if (!outcome) return bad("item", expected, outcome_word);
  event.outcome = *outcome;
  event.item = next_word(rest);
  if (event.item.empty()) return bad("item", expected, "(no name)");
  event.text = rest;
  return {};
}

Status parse_message(std::string_view rest, Millis, JobEvent& event) {
  event.text = trim(rest);
  return {};
}

Status parse_json_value(std::string_view kind, std::string_view rest, JobEvent& event) {
  rest = trim(rest);
  if (rest.empty()) return bad(kind, "a JSON value", rest);
  DROVER_TRY(value, parse_json_text(rest, fmt::format("bad `{}` event", kind)));
  event.value = std::move(*value);
  return {};
}

Status parse_checkpoint(std::string_view rest, Millis, JobEvent& event) {
  return parse_json_value("checkpoint", rest, event);
}

Status parse_result(std::string_view rest, Millis, JobEvent& event) {
  return parse_json_value("result", rest, event);
}

// The times RFC 3339 can write (years 0000 to 9999): one outside would go
// into events.jsonl in a form no reader accepts, and the pause would be lost.
constexpr Millis kEarliestTime = -62'167'219'200'000;  // 0000-01-01T00:00:00Z
constexpr Millis kLatestTime = 253'402'300'799'999;    // 9999-12-31T23:59:59.999Z

std::optional<Millis> within_rfc3339_range(std::optional<Millis> at) {
  if (!at || *at < kEarliestTime || *at > kLatestTime) return std::nullopt;
  return at;
}

}  // namespace

std::optional<Millis> parse_pause_until(std::string_view text, Millis now) {
  if (!text.empty() && text.front() == '+') {
    auto delay = parse_duration(text.substr(1));
    if (!delay || *delay < 0 || *delay > kLatestTime - now) return std::nullopt;
    return within_rfc3339_range(now + *delay);
  }
  return within_rfc3339_range(parse_rfc3339(std::string(text)));
}

namespace {

Status parse_pause(std::string_view rest, Millis now, JobEvent& event) {
  constexpr std::string_view kUntil = "until=";
  rest = trim(rest);
  if (rest.starts_with(kUntil)) {
    std::string_view until = next_word(rest).substr(kUntil.size());
    event.until = parse_pause_until(until, now);
    if (!event.until) {
      return bad("pause", "until=+DURATION (+15m) or until=RFC3339 time", until);
    }
  }
  event.text = rest;
  return {};
}

constexpr std::array<std::pair<EventKind, KindParser>, 7> kParsers{{
    {EventKind::progress, parse_progress},
    {EventKind::total, parse_total},
    {EventKind::item, parse_item},
    {EventKind::message, parse_message},
    {EventKind::checkpoint, parse_checkpoint},
    {EventKind::result, parse_result},
    {EventKind::pause, parse_pause},
}};

}  // namespace

bool is_event_line(std::string_view line) { return line.starts_with(kEventLinePrefix); }

Result<JobEvent> parse_event_line(std::string_view line, Millis now) {
  if (!is_event_line(line)) {
    return make_error(ErrorCode::invalid, "not an event line: it must start with \"@drover \"");
  }
  std::string_view rest = line.substr(kEventLinePrefix.size());
  std::string_view kind_word = next_word(rest);
  auto kind = parse_event_kind(kind_word);
  if (!kind) {
    return make_error(ErrorCode::invalid,
                      "unknown event \"{}\": expected progress, total, item, message, "
                      "checkpoint, result or pause",
                      kind_word.substr(0, 40));
  }
  JobEvent event;
  event.kind = *kind;
  event.at = now;
  for (auto [known, parser] : kParsers) {
    if (known != *kind) continue;
    Status parsed = parser(rest, now, event);
    if (!parsed) return parsed.error();
  }
  return event;
}

}  // namespace drover
