// Colors for the terminal: only when stdout is a TTY and NO_COLOR is unset
// (https://no-color.org). Job states have one color each, the same in every
// command: running blue, completed green, failed red, paused/interrupted yellow.
#pragma once

#include <string>
#include <string_view>

#include "core/job_state.h"

namespace drover::cli {

enum class Color { none, red, green, yellow, blue, dim, bold };

// True when stdout is a terminal and $NO_COLOR is unset or empty.
bool stdout_wants_color();

// `text` wrapped in the ANSI escape for `color`; unchanged when !enabled.
std::string paint(std::string_view text, Color color, bool enabled);

Color state_color(JobState state);

}  // namespace drover::cli
