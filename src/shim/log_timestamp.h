// The UTC timestamp in front of every output.log line
// ("2026-11-24T10:30:00.123Z "), formatted without allocating: the calendar
// part is recomputed only when the second changes.
#pragma once

#include <array>
#include <string_view>

#include "core/clock.h"

namespace drover {

class LogTimestamp {
 public:
  static constexpr std::size_t kSize = 25;  // with the trailing space

  // Moves the timestamp to `now`.
  void set(Millis now);
  // "2026-11-24T10:30:00.123Z " for the last set() time.
  std::string_view text() const { return {m_text.data(), kSize}; }

 private:
  Millis m_second = -1;  // the whole second m_text's calendar part shows
  std::array<char, kSize + 1> m_text{};
};

}  // namespace drover
