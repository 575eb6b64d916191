#include "sched/timers.h"

#include <algorithm>
#include <chrono>
#include <utility>

namespace drover {
namespace {

constexpr Millis kLongestSlice = 60'000;

}  // namespace

struct AsioTimers::Pending {
  Pending(boost::asio::io_context& io, Millis when, std::function<void()> fire)
      : timer(io), when(when), fire(std::move(fire)) {}
  boost::asio::steady_timer timer;
  Millis when;
  std::function<void()> fire;
};

AsioTimers::AsioTimers(boost::asio::io_context& io, const Clock& clock)
    : m_io(io), m_clock(clock) {}

AsioTimers::~AsioTimers() = default;

Timers::Id AsioTimers::at(Millis when, std::function<void()> fire) {
  Id id = m_next++;
  m_pending.emplace(id, std::make_unique<Pending>(m_io, when, std::move(fire)));
  wait(id);
  return id;
}

void AsioTimers::wait(Id id) {
  Pending& pending = *m_pending.at(id);
  Millis left = std::clamp<Millis>(pending.when - m_clock.now(), 0, kLongestSlice);
  pending.timer.expires_after(std::chrono::milliseconds(left));
  pending.timer.async_wait([this, id](const boost::system::error_code& ec) {
    if (ec) return;
    auto it = m_pending.find(id);
    if (it == m_pending.end()) return;
    if (m_clock.now() < it->second->when) return wait(id);
    std::function<void()> fire = std::move(it->second->fire);
    m_pending.erase(it);
    fire();
  });
}

void AsioTimers::cancel(Id id) { m_pending.erase(id); }

Timers::Id ManualTimers::at(Millis when, std::function<void()> fire) {
  Id id = m_next++;
  m_queue.emplace(std::make_pair(when, id), std::move(fire));
  m_by_id.emplace(id, when);
  return id;
}

void ManualTimers::cancel(Id id) {
  auto found = m_by_id.find(id);
  if (found == m_by_id.end()) return;
  m_queue.erase(std::make_pair(found->second, id));
  m_by_id.erase(found);
}

void ManualTimers::advance_to(Millis to) {
  while (!m_queue.empty() && m_queue.begin()->first.first <= to) {
    auto first = m_queue.begin();
    auto [when, id] = first->first;
    std::function<void()> fire = std::move(first->second);
    m_queue.erase(first);
    m_by_id.erase(id);
    if (when > m_clock.now()) m_clock.set(when);
    fire();
  }
  if (to > m_clock.now()) m_clock.set(to);
}

std::optional<Millis> ManualTimers::next() const {
  if (m_queue.empty()) return std::nullopt;
  return m_queue.begin()->first.first;
}

Alarm::Alarm(Alarm&& other) noexcept
    : m_timers(other.m_timers), m_id(std::exchange(other.m_id, std::nullopt)) {}

Alarm& Alarm::operator=(Alarm&& other) noexcept {
  if (this != &other) {
    cancel();
    m_timers = other.m_timers;
    m_id = std::exchange(other.m_id, std::nullopt);
  }
  return *this;
}

void Alarm::set(Millis when, std::function<void()> fire) {
  cancel();
  m_id = m_timers->at(when, std::move(fire));
}

void Alarm::cancel() {
  if (m_id) m_timers->cancel(*std::exchange(m_id, std::nullopt));
}

}  // namespace drover
