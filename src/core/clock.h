// Time as drover sees it: milliseconds since the Unix epoch, read through an
// injectable Clock so that the scheduler, ETA and retries are testable.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace drover {

using Millis = std::int64_t;  // milliseconds since 1970-01-01T00:00:00Z

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Millis now() const override;
};

// A clock that only moves when told to; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Millis start) : m_now(start) {}
  Millis now() const override { return m_now; }
  void advance(Millis delta) { m_now += delta; }
  void set(Millis at) { m_now = at; }

 private:
  Millis m_now;
};

// "2026-11-24T10:30:00Z" (milliseconds shown only when not zero).
std::string format_rfc3339(Millis at);
// Accepts "2026-11-24T10:30:00Z", "...+01:00", fractional seconds.
std::optional<Millis> parse_rfc3339(const std::string& text);

}  // namespace drover
