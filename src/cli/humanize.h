// Numbers and times as people read them: "23 min ago", "in 5 min", "~15 min",
// "0.1/s", "10,000". Pure functions of their arguments ("now" is passed in),
// so every rendering is testable without a clock.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"

namespace drover::cli {

// A span of time, rounded down to its largest unit or two: "42 s", "15 min",
// "1 h 30 min", "14 h", "3 d".
std::string humanize_span(Millis span);

// A moment relative to now: "just now", "42 s ago", "23 min ago", "in 5 min".
std::string humanize_relative(Millis at, Millis now);

// An estimate of time left: "~15 min", "~1 h 30 min"; "< 1 min" under a minute.
std::string humanize_eta(std::int64_t seconds);

// Items per second: "0.1/s", "2.5/s", "12/s", "1.2k/s", "3.4M/s".
std::string humanize_rate(double per_second);

// A count with thousands separators: "10,000".
std::string humanize_count(std::int64_t count);

// Wall-clock time in the local zone: "11:00" today, "Nov 25 11:00" on another day.
std::string humanize_clock_time(Millis at, Millis now);

// A coming moment both ways: "11:00 (in 30 min)", "Nov 25 11:00 (in 2 d)".
std::string humanize_clock_time_ahead(Millis at, Millis now);

// The local time of day: "10:30:05".
std::string format_local_clock(Millis at);

// A full local date and time: "2026-11-24 10:30:05".
std::string format_local_time(Millis at);

}  // namespace drover::cli
