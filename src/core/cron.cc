#include "core/cron.h"

#include <array>
#include <bit>
#include <charconv>
#include <ctime>
#include <limits>
#include <span>
#include <vector>

namespace drover {
namespace {

constexpr std::array<std::string_view, 12> kMonthNames{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames{"SUN", "MON", "TUE", "WED",
                                                    "THU", "FRI", "SAT"};

// What one of the five fields accepts; names[i] stands for the value low + i.
struct FieldSpec {
  std::string_view name;
  int low;
  int high;
  std::span<const std::string_view> names;
  std::string_view names_hint;  // for "unknown name" errors
};

constexpr std::array<FieldSpec, 5> kFields{{
    {"minute", 0, 59, {}, ""},
    {"hour", 0, 23, {}, ""},
    {"day-of-month", 1, 31, {}, ""},
    {"month", 1, 12, kMonthNames, "JAN-DEC or 1-12"},
    {"day-of-week", 0, 7, kDayNames, "SUN-SAT or 0-7"},
}};

struct Nickname {
  std::string_view name;
  std::string_view fields;
};

constexpr std::array<Nickname, 7> kNicknames{{
    {"@yearly", "0 0 1 1 *"},
    {"@annually", "0 0 1 1 *"},
    {"@monthly", "0 0 1 * *"},
    {"@weekly", "0 0 * * 0"},
    {"@daily", "0 0 * * *"},
    {"@midnight", "0 0 * * *"},
    {"@hourly", "0 * * * *"},
}};

// Longest gap between two matches of a satisfiable expression: Feb 29 skips
// 2100, so 2096 -> 2104.
constexpr int kSearchYears = 8;
constexpr Millis kMinuteMillis = 60'000;

struct ParsedField {
  std::uint64_t bits = 0;
  bool restricted = true;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && is_space(text[pos])) ++pos;
    std::size_t start = pos;
    while (pos < text.size() && !is_space(text[pos])) ++pos;
    if (pos > start) words.push_back(text.substr(start, pos - start));
  }
  return words;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) {
      return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool is_alpha(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

// Digits only, no sign; nullopt also on overflow.
std::optional<int> parse_number(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || text[0] == '-') {
    return std::nullopt;
  }
  return value;
}

// One value: a number within the field's range or, where allowed, a name.
Result<int> parse_value(const FieldSpec& spec, std::string_view token) {
  if (std::optional<int> number = parse_number(token)) {
    if (*number < spec.low || *number > spec.high) {
      return make_error(ErrorCode::invalid, "{} must be {}-{}, got {}", spec.name, spec.low,
                        spec.high, token);
    }
    return *number;
  }
  if (is_alpha(token) && !spec.names.empty()) {
    for (std::size_t i = 0; i < spec.names.size(); ++i) {
      if (equals_ignoring_case(token, spec.names[i])) return spec.low + static_cast<int>(i);
    }
    return make_error(ErrorCode::invalid, "{} has unknown name \"{}\", expected {}", spec.name,
                      token, spec.names_hint);
  }
  return make_error(ErrorCode::invalid, "{} must be a number {}-{}, got \"{}\"", spec.name,
                    spec.low, spec.high, token);
}

Result<int> parse_step(const FieldSpec& spec, std::string_view token) {
  std::optional<int> step = parse_number(token);
  if (!step || *step < 1 || *step > spec.high) {
    return make_error(ErrorCode::invalid, "{} step must be 1-{}, got \"{}\"", spec.name, spec.high,
                      token);
  }
  return *step;
}

// One list item: `*`, `n`, `a-b`, each optionally followed by `/step`.
Result<std::uint64_t> parse_item(const FieldSpec& spec, std::string_view item) {
  if (item.empty()) {
    return make_error(ErrorCode::invalid, "{} has an empty list item", spec.name);
  }
  std::size_t slash = item.find('/');
  std::string_view range = item.substr(0, slash);
  int step = 1;
  if (slash != std::string_view::npos) {
    DROVER_TRY(parsed, parse_step(spec, item.substr(slash + 1)));
    step = *parsed;
  }
  int first = spec.low;
  int last = spec.high;
  if (range != "*") {
    std::size_t dash = range.find('-');
    if (dash == 0 || (dash != std::string_view::npos && dash + 1 == range.size())) {
      return make_error(ErrorCode::invalid, "{} range \"{}\" needs a number on both sides",
                        spec.name, range);
    }
    DROVER_TRY(low, parse_value(spec, range.substr(0, dash)));
    first = *low;
    // "10/5" runs from 10 to the field's end; a bare "10" is just 10.
    last = slash == std::string_view::npos ? first : spec.high;
    if (dash != std::string_view::npos) {
      DROVER_TRY(high, parse_value(spec, range.substr(dash + 1)));
      last = *high;
      if (first > last) {
        return make_error(ErrorCode::invalid, "{} range {} is reversed, write the low end first",
                          spec.name, range);
      }
    }
  }
  std::uint64_t bits = 0;
  for (int value = first; value <= last; value += step) bits |= std::uint64_t{1} << value;
  return bits;
}

Result<ParsedField> parse_field(const FieldSpec& spec, std::string_view field) {
  ParsedField parsed;
  // Vixie cron's rule: a field starting with `*` (even `*/2`) is unrestricted
  // for the day-of-month / day-of-week OR rule.
  parsed.restricted = field.front() != '*';
  for (std::string_view item : split(field, ',')) {
    DROVER_TRY(bits, parse_item(spec, item));
    parsed.bits |= *bits;
  }
  return parsed;
}

std::optional<std::string_view> expand_nickname(std::string_view text) {
  for (const Nickname& nickname : kNicknames) {
    if (equals_ignoring_case(text, nickname.name)) return nickname.fields;
  }
  return std::nullopt;
}

// Lowest set bit at or above `from`, or -1.
int next_bit(std::uint64_t bits, int from) {
  std::uint64_t rest = bits >> from;
  return rest == 0 ? -1 : from + std::countr_zero(rest);
}

// Lets timegm carry overflowing fields (day 32, hour 24) into the next unit.
bool normalize(std::tm& at) {
  at.tm_sec = 0;
  std::time_t seconds = timegm(&at);
  return seconds != -1 && gmtime_r(&seconds, &at) != nullptr;
}

}  // namespace

Result<CronExpression> CronExpression::parse(std::string_view text) {
  CronExpression expression;
  expression.m_text = std::string(trim(text));
  std::string_view fields_text = expression.m_text;
  auto fail = [&](const Error& error) {
    return make_error(ErrorCode::invalid, "cron \"{}\": {}", expression.m_text, error.message);
  };
  if (!fields_text.empty() && fields_text.front() == '@') {
    std::optional<std::string_view> expanded = expand_nickname(fields_text);
    if (!expanded) {
      return fail(make_error(ErrorCode::invalid,
                             "unknown nickname, expected @yearly, @annually, @monthly, @weekly, "
                             "@daily, @midnight or @hourly"));
    }
    fields_text = *expanded;
  }
  std::vector<std::string_view> fields = split_words(fields_text);
  if (fields.size() != kFields.size()) {
    return fail(make_error(ErrorCode::invalid,
                           "expected 5 fields (minute hour day month weekday) or @daily-style, "
                           "got {}",
                           fields.size()));
  }
  std::array<ParsedField, 5> parsed;
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    Result<ParsedField> field = parse_field(kFields[i], fields[i]);
    if (!field) return fail(field.error());
    parsed[i] = *field;
  }
  expression.m_minutes = parsed[0].bits;
  expression.m_hours = parsed[1].bits;
  expression.m_days_of_month = parsed[2].bits;
  expression.m_months = parsed[3].bits;
  // Day 7 is Sunday again; fold it onto 0 so that tm_wday indexes directly.
  constexpr std::uint64_t kSunday7 = std::uint64_t{1} << 7;
  expression.m_days_of_week = (parsed[4].bits & ~kSunday7) | ((parsed[4].bits & kSunday7) >> 7);
  expression.m_day_of_month_restricted = parsed[2].restricted;
  expression.m_day_of_week_restricted = parsed[4].restricted;
  return expression;
}

bool CronExpression::day_matches(int day_of_month, int day_of_week) const {
  bool by_month = (m_days_of_month >> day_of_month) & 1;
  bool by_week = (m_days_of_week >> day_of_week) & 1;
  if (m_day_of_month_restricted && m_day_of_week_restricted) return by_month || by_week;
  return by_month && by_week;  // an unrestricted field has every bit set
}

// One step of the search: either `at` matches, or it moves forward to the
// start of the next candidate month, day, hour or minute. Whole months, days
// and hours are skipped at once, so a search takes a few hundred steps.
CronExpression::Step CronExpression::step_towards_match(std::tm& at) const {
  int month = next_bit(m_months, at.tm_mon + 1);
  if (month != at.tm_mon + 1) {
    if (month < 0) {
      at.tm_year += 1;
      month = next_bit(m_months, 1);
    }
    at.tm_mon = month - 1;
    at.tm_mday = 1;
    at.tm_hour = 0;
    at.tm_min = 0;
  } else if (!day_matches(at.tm_mday, at.tm_wday)) {
    at.tm_mday += 1;
    at.tm_hour = 0;
    at.tm_min = 0;
  } else if (int hour = next_bit(m_hours, at.tm_hour); hour != at.tm_hour) {
    at.tm_mday += hour < 0 ? 1 : 0;
    at.tm_hour = hour < 0 ? 0 : hour;
    at.tm_min = 0;
  } else if (int minute = next_bit(m_minutes, at.tm_min); minute < 0) {
    at.tm_hour += 1;
    at.tm_min = 0;
  } else {
    at.tm_min = minute;
    return Step::found;
  }
  return normalize(at) ? Step::moved : Step::failed;
}

std::optional<Millis> CronExpression::next_after(Millis after) const {
  // Floor to the minute (also for times before 1970), then step one minute on.
  Millis minute = after / kMinuteMillis - (after % kMinuteMillis < 0 ? 1 : 0);
  std::time_t seconds = static_cast<std::time_t>((minute + 1) * 60);
  std::tm at{};
  if (gmtime_r(&seconds, &at) == nullptr) return std::nullopt;
  const int last_year = at.tm_year + kSearchYears;
  while (at.tm_year <= last_year) {
    Step step = step_towards_match(at);
    if (step == Step::failed) return std::nullopt;
    if (step == Step::moved) continue;
    at.tm_sec = 0;
    std::time_t found = timegm(&at);
    if (found > std::numeric_limits<Millis>::max() / 1000) return std::nullopt;
    return static_cast<Millis>(found) * 1000;
  }
  return std::nullopt;
}

}  // namespace drover
