// CronExpression: a parsed five-field cron schedule ("*/15 9-17 * * MON-FRI")
// and the question the scheduler asks of it: when does it next fire?
//
// Syntax per field: `*`, numbers, ranges `1-5`, lists `1,3,5`, steps `*/15`,
// `10-50/5` and `10/5` (from 10 to the field's end); month names JAN-DEC and
// day names SUN-SAT, case-insensitive; day-of-week 0-7 where 0 and 7 are both
// Sunday. Nicknames: @yearly @annually @monthly @weekly @daily @midnight
// @hourly. As in Vixie cron, when both day-of-month and day-of-week are
// restricted a day matches if EITHER matches; a field that starts with `*`
// (including `*/2`) counts as unrestricted.
//
// All times are UTC. An expression is immutable after parse and safe to share
// between threads.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace drover {

class CronExpression {
 public:
  // Parses `text`; errors (ErrorCode::invalid) name the field and what it
  // expects: `cron "0 25 * * *": hour must be 0-23, got 25`.
  static Result<CronExpression> parse(std::string_view text);

  // The first whole minute strictly after `after` that matches, in UTC;
  // nullopt when none within 8 years (the longest gap between two Feb 29ths),
  // which means never: "0 0 30 2 *".
  std::optional<Millis> next_after(Millis after) const;

  // The expression as written, without surrounding whitespace.
  const std::string& text() const { return m_text; }

 private:
  enum class Step { found, moved, failed };

  CronExpression() = default;
  bool day_matches(int day_of_month, int day_of_week) const;
  Step step_towards_match(std::tm& at) const;

  std::string m_text;
  // Bit n set when value n matches; day-of-week uses 0-6 (Sunday is 0).
  std::uint64_t m_minutes = 0;
  std::uint64_t m_hours = 0;
  std::uint64_t m_days_of_month = 0;
  std::uint64_t m_months = 0;
  std::uint64_t m_days_of_week = 0;
  bool m_day_of_month_restricted = false;
  bool m_day_of_week_restricted = false;
};

}  // namespace drover
