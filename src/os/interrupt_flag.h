// Ctrl-C while watching (`follow`, `logs -f`, `daemon start`): the first
// SIGINT only sets a flag, so the command can stop watching cleanly and say
// that the job goes on. The previous handler is restored when the guard ends.
#pragma once

#include <chrono>
#include <csignal>

namespace drover {

class InterruptFlag {
 public:
  InterruptFlag();
  ~InterruptFlag();
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

  bool raised() const;
  // Sleeps for `span`, returning early (false) when Ctrl-C is pressed.
  bool sleep_for(std::chrono::milliseconds span) const;

 private:
  struct sigaction m_previous {};
};

}  // namespace drover
