#include "core/rate_tracker.h"

#include <cmath>

namespace drover {
namespace {
constexpr Millis kMinSampleGap = 250;  // bounds memory: at most window/250 samples
}

void RateTracker::observe(Millis at, std::int64_t current) {
  if (!m_samples.empty() && current < m_samples.back().second) m_samples.clear();  // restarted
  if (!m_samples.empty() && at - m_samples.back().first < kMinSampleGap && m_samples.size() > 1) {
    m_samples.back() = {at, current};
  } else {
    m_samples.emplace_back(at, current);
  }
  // Keep one sample older than the window so the average spans all of it.
  while (m_samples.size() > 2 && at - m_samples[1].first >= m_window) m_samples.pop_front();
}

std::optional<double> RateTracker::rate(Millis now) const {
  if (m_samples.empty()) return std::nullopt;
  auto [first_at, first_count] = m_samples.front();
  Millis elapsed = now - first_at;
  if (elapsed < 1000) return std::nullopt;
  double done = static_cast<double>(m_samples.back().second - first_count);
  return done / (static_cast<double>(elapsed) / 1000.0);
}

std::optional<std::int64_t> RateTracker::eta_seconds(Millis now,
                                                     std::optional<std::int64_t> total) const {
  auto items_per_second = rate(now);
  if (!total || !items_per_second || *items_per_second <= 0 || m_samples.empty()) {
    return std::nullopt;
  }
  double left = static_cast<double>(*total - m_samples.back().second);
  if (left <= 0) return 0;
  return static_cast<std::int64_t>(std::ceil(left / *items_per_second));
}

}  // namespace drover
