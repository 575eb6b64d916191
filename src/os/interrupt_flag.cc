#include "os/interrupt_flag.h"

#include <thread>

namespace drover {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void on_interrupt(int) { g_interrupted = 1; }

}  // namespace

InterruptFlag::InterruptFlag() {
  g_interrupted = 0;
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, &m_previous);
}

InterruptFlag::~InterruptFlag() { ::sigaction(SIGINT, &m_previous, nullptr); }

bool InterruptFlag::raised() const { return g_interrupted != 0; }

bool InterruptFlag::sleep_for(std::chrono::milliseconds span) const {
  constexpr std::chrono::milliseconds kSlice{25};
  for (auto left = span; left.count() > 0 && !raised(); left -= kSlice) {
    std::this_thread::sleep_for(std::min(left, kSlice));
  }
  return !raised();
}

}  // namespace drover
