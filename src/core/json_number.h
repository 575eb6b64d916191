// Whole numbers out of JSON that came from outside (a request, a file another
// process wrote): a float, or a number out of the target type's range, is
// refused rather than converted (which would wrap, or be undefined for a
// float).
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

namespace drover {

template <typename T>
std::optional<T> whole_number_in(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    auto number = value.get<std::uint64_t>();
    if (std::in_range<T>(number)) return static_cast<T>(number);
  } else if (value.is_number_integer()) {
    auto number = value.get<std::int64_t>();
    if (std::in_range<T>(number)) return static_cast<T>(number);
  }
  return std::nullopt;
}

}  // namespace drover
