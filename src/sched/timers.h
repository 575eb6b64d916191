// Timers: callbacks at a time read on the engine's Clock, so that retries,
// timeouts, pauses and cron runs follow the injected clock. The daemon uses
// AsioTimers on its event loop; tests use ManualTimers, which fire only when
// the test moves its ManualClock, so no test waits for wall-clock time.
//
// Thread-safety: used only on the event loop's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/clock.h"

namespace drover {

class Timers {
 public:
  using Id = std::uint64_t;
  virtual ~Timers() = default;
  // Runs `fire` once the clock reads `when` or later (at once when it does
  // already). Never inside this call: from the event loop.
  virtual Id at(Millis when, std::function<void()> fire) = 0;
  // Forgets a timer; nothing happens for one that fired or is unknown.
  virtual void cancel(Id id) = 0;
};

// Timers on a boost::asio event loop. A wait is cut into slices of at most a
// minute and the clock read again after each, so a wall clock that jumps
// (NTP, a suspended laptop) moves the timers with it: none fires early, and
// none fires more than a minute late.
class AsioTimers final : public Timers {
 public:
  AsioTimers(boost::asio::io_context& io, const Clock& clock);
  ~AsioTimers() override;
  Id at(Millis when, std::function<void()> fire) override;
  void cancel(Id id) override;

 private:
  struct Pending;
  void wait(Id id);

  boost::asio::io_context& m_io;
  const Clock& m_clock;
  Id m_next = 1;
  std::unordered_map<Id, std::unique_ptr<Pending>> m_pending;
};

// Timers for tests: they fire when advance() or advance_to() moves the
// clock past them, in time order, each with the clock set to its own time.
class ManualTimers final : public Timers {
 public:
  explicit ManualTimers(ManualClock& clock) : m_clock(clock) {}
  Id at(Millis when, std::function<void()> fire) override;
  void cancel(Id id) override;

  // Moves the clock to `to`, firing the timers due on the way (also those
  // their callbacks set, when they are due by then).
  void advance_to(Millis to);
  void advance(Millis delta) { advance_to(m_clock.now() + delta); }
  // When the next timer fires; none when nothing waits.
  std::optional<Millis> next() const;
  std::size_t size() const { return m_by_id.size(); }

 private:
  ManualClock& m_clock;
  Id m_next = 1;
  std::multimap<std::pair<Millis, Id>, std::function<void()>> m_queue;
  std::unordered_map<Id, Millis> m_by_id;
};

// One re-armable timer: setting it again or destroying it cancels the last.
class Alarm {
 public:
  explicit Alarm(Timers& timers) : m_timers(&timers) {}
  ~Alarm() { cancel(); }
  Alarm(Alarm&& other) noexcept;
  Alarm& operator=(Alarm&& other) noexcept;
  Alarm(const Alarm&) = delete;
  Alarm& operator=(const Alarm&) = delete;

  void set(Millis when, std::function<void()> fire);
  void cancel();

 private:
  Timers* m_timers;
  std::optional<Timers::Id> m_id;
};

}  // namespace drover
