#include "core/duration.h"

#include <array>
#include <cctype>
#include <limits>
#include <utility>

namespace drover {
namespace {

struct Unit {
  std::string_view name;
  std::uint64_t factor;
};

constexpr std::array<Unit, 7> kDurationUnits{{
    {"ms", 1},
    {"s", 1000},
    {"m", 60'000},
    {"h", 3'600'000},
    {"d", 86'400'000},
    {"w", 604'800'000},
    {"min", 60'000},
}};

constexpr std::array<Unit, 10> kSizeUnits{{
    {"", 1},
    {"B", 1},
    {"KB", 1000},
    {"MB", 1000 * 1000},
    {"GB", 1000 * 1000 * 1000},
    {"K", 1024},
    {"KiB", 1024},
    {"MiB", 1024 * 1024},
    {"GiB", 1024ull * 1024 * 1024},
    {"TiB", 1024ull * 1024 * 1024 * 1024},
}};

template <std::size_t N>
const Unit* find_unit(const std::array<Unit, N>& units, std::string_view name) {
  for (const Unit& unit : units) {
    if (unit.name == name) return &unit;
  }
  return nullptr;
}

// Reads "<digits><letters>" at pos; returns false when no digits are there.
bool read_part(std::string_view text, std::size_t& pos, std::uint64_t& number,
               std::string_view& unit) {
  std::size_t start = pos;
  number = 0;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    if (number > std::numeric_limits<std::uint64_t>::max() / 10 - 10) return false;
    number = number * 10 + static_cast<std::uint64_t>(text[pos] - '0');
    ++pos;
  }
  if (pos == start) return false;
  std::size_t unit_start = pos;
  while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) ++pos;
  unit = text.substr(unit_start, pos - unit_start);
  return true;
}

}  // namespace

Result<Millis> parse_duration(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return make_error(ErrorCode::invalid,
                      "invalid duration \"{}\": {}; write it like 500ms, 10s, 10m, 2h, 7d or 1h30m",
                      text, why);
  };
  if (text.empty()) return bad("it is empty");
  std::size_t pos = 0;
  std::uint64_t total = 0;
  while (pos < text.size()) {
    std::uint64_t number = 0;
    std::string_view unit_name;
    if (!read_part(text, pos, number, unit_name)) return bad("expected a number");
    if (unit_name.empty()) return bad("a unit is missing");
    const Unit* unit = find_unit(kDurationUnits, unit_name);
    if (unit == nullptr) return bad(fmt::format("unknown unit \"{}\"", unit_name));
    if (number > static_cast<std::uint64_t>(std::numeric_limits<Millis>::max()) / unit->factor) {
      return bad("it is too large");
    }
    total += number * unit->factor;
  }
  return static_cast<Millis>(total);
}

std::string format_duration(Millis millis) {
  if (millis == 0) return "0s";
  if (millis % 1000 != 0) return fmt::format("{}ms", millis);
  std::string text;
  Millis rest = millis / 1000;
  constexpr std::array<std::pair<Millis, const char*>, 4> parts{
      {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}}};
  for (auto [seconds, suffix] : parts) {
    if (rest >= seconds) {
      text += fmt::format("{}{}", rest / seconds, suffix);
      rest %= seconds;
    }
  }
  return text;
}

std::string format_age(Millis at, Millis now) {
  Millis seconds = (now - at) / 1000;
  if (seconds < 10) return "just now";
  if (seconds < 60) return fmt::format("{} s ago", seconds);
  if (seconds < 3600) return fmt::format("{} min ago", seconds / 60);
  if (seconds < 86400) return fmt::format("{} h ago", seconds / 3600);
  return fmt::format("{} d ago", seconds / 86400);
}

Result<std::uint64_t> parse_size(std::string_view text) {
  std::size_t pos = 0;
  std::uint64_t number = 0;
  std::string_view unit_name;
  const Unit* unit = nullptr;
  if (read_part(text, pos, number, unit_name) && pos == text.size()) {
    unit = find_unit(kSizeUnits, unit_name);
  }
  if (unit == nullptr) {
    return make_error(ErrorCode::invalid,
                      "invalid size \"{}\": write it like 4096, 512KiB, 50MiB or 1GiB", text);
  }
  if (unit->factor > 1 && number > std::numeric_limits<std::uint64_t>::max() / unit->factor) {
    return make_error(ErrorCode::invalid, "invalid size \"{}\": it is too large", text);
  }
  return number * unit->factor;
}

std::string format_size(std::uint64_t bytes) {
  constexpr std::array<const char*, 4> units{"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return fmt::format("{}B", bytes);
  double value = static_cast<double>(bytes);
  std::size_t index = 0;
  value /= 1024;
  while (value >= 1024 && index + 1 < units.size()) {
    value /= 1024;
    ++index;
  }
  if (value == static_cast<double>(static_cast<std::uint64_t>(value))) {
    return fmt::format("{}{}", static_cast<std::uint64_t>(value), units[index]);
  }
  return fmt::format("{:.1f}{}", value, units[index]);
}

}  // namespace drover
