#include "shim/log_timestamp.h"

#include <fmt/format.h>

#include <ctime>

namespace drover {

void LogTimestamp::set(Millis now) {
  Millis second = now >= 0 ? now / 1000 : 0;
  int millis = now >= 0 ? static_cast<int>(now % 1000) : 0;
  if (second != m_second) {
    m_second = second;
    std::time_t seconds = static_cast<std::time_t>(second);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    fmt::format_to_n(m_text.data(), m_text.size(), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z ",
                     utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                     utc.tm_sec);
  }
  // "YYYY-MM-DDTHH:MM:SS." is 20 characters; the milliseconds follow.
  m_text[20] = static_cast<char>('0' + millis / 100);
  m_text[21] = static_cast<char>('0' + millis / 10 % 10);
  m_text[22] = static_cast<char>('0' + millis % 10);
}

}  // namespace drover
