// Durations ("500ms", "10s", "10m", "2h", "7d", "1h30m") and byte sizes
// ("50MiB", "1GB", "4096") as written in drover.toml and on the command line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace drover {

// Parses a duration into milliseconds. Units: ms, s, m, h, d, w; several
// parts may follow each other ("1h30m"). A bare number is refused: "10" could
// mean seconds or minutes, so the user must say.
Result<Millis> parse_duration(std::string_view text);

// Formats milliseconds the way parse_duration reads them back ("1h30m").
std::string format_duration(Millis millis);

// How long ago `at` was, roughly, for messages: "just now", "5 min ago",
// "2 h ago", "3 d ago".
std::string format_age(Millis at, Millis now);

// Parses a size into bytes. Units: B, KB, MB, GB (powers of 1000) and KiB,
// MiB, GiB (powers of 1024); a bare number is bytes.
Result<std::uint64_t> parse_size(std::string_view text);

// "50MiB", "1.5GiB", "512B".
std::string format_size(std::uint64_t bytes);

}  // namespace drover
