// The names of an enum's values, as one table per enum of {value, name}
// pairs, read both ways: every enum that is written to files, JSON or the
// command line names its values with one of these tables.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace drover {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// The value's name; "" for a value the table lacks.
template <typename Enum, std::size_t N>
constexpr std::string_view name_of(const EnumNames<Enum, N>& names, Enum value) {
  for (auto [known, name] : names) {
    if (known == value) return name;
  }
  return "";
}

// The value named `name`; nullopt for a name the table lacks.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> value_of(const EnumNames<Enum, N>& names, std::string_view name) {
  for (auto [value, known] : names) {
    if (known == name) return value;
  }
  return std::nullopt;
}

}  // namespace drover
