#include "cli/color.h"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <utility>

#include "os/terminal.h"

namespace drover::cli {
namespace {

constexpr std::array<std::pair<Color, std::string_view>, 6> kEscapes{{
    {Color::red, "\x1b[31m"},
    {Color::green, "\x1b[32m"},
    {Color::yellow, "\x1b[33m"},
    {Color::blue, "\x1b[34m"},
    {Color::dim, "\x1b[2m"},
    {Color::bold, "\x1b[1m"},
}};

constexpr std::array<std::pair<JobState, Color>, 7> kStateColors{{
    {JobState::queued, Color::none},
    {JobState::running, Color::blue},
    {JobState::completed, Color::green},
    {JobState::failed, Color::red},
    {JobState::cancelled, Color::dim},
    {JobState::paused, Color::yellow},
    {JobState::interrupted, Color::yellow},
}};

}  // namespace

bool stdout_wants_color() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return is_terminal(STDOUT_FILENO);
}

std::string paint(std::string_view text, Color color, bool enabled) {
  if (!enabled || text.empty()) return std::string(text);
  for (auto [value, escape] : kEscapes) {
    if (value == color) return std::string(escape).append(text).append("\x1b[0m");
  }
  return std::string(text);
}

Color state_color(JobState state) {
  for (auto [value, color] : kStateColors) {
    if (value == state) return color;
  }
  return Color::none;
}

}  // namespace drover::cli
