#include "os/signal_pipe.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

#include "os/signals.h"
#include "os/system_error.h"

namespace drover {
namespace {

std::atomic<int> g_write_fd{-1};

void write_record(int signal, siginfo_t* info, void*) {
  int saved_errno = errno;
  SignalRecord record{signal, info != nullptr && info->si_code <= 0 ? info->si_pid : 0};
  // A full pipe drops the record: the loop is already behind on signals.
  [[maybe_unused]] ssize_t written = ::write(g_write_fd.load(), &record, sizeof record);
  errno = saved_errno;
}

}  // namespace

Result<SignalPipe> SignalPipe::install(const std::vector<int>& signals) {
  DROVER_TRY(pipe, make_pipe());
  for (int fd : {pipe->read_end.get(), pipe->write_end.get()}) {
    DROVER_RETURN_IF_ERROR(set_nonblocking(fd));
  }
  g_write_fd.store(pipe->write_end.get());
  struct sigaction action {};
  action.sa_sigaction = write_record;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  for (int signal : signals) {
    if (::sigaction(signal, &action, nullptr) != 0) {
      return system_error(fmt::format("cannot handle {}", signal_name(signal)), errno);
    }
  }
  return SignalPipe(std::move(pipe->read_end), std::move(pipe->write_end));
}

std::optional<SignalRecord> SignalPipe::read_next() const {
  SignalRecord record;
  for (;;) {
    ssize_t got = ::read(m_read_end.get(), &record, sizeof record);
    if (got == static_cast<ssize_t>(sizeof record)) return record;
    if (got < 0 && errno == EINTR) continue;
    return std::nullopt;
  }
}

}  // namespace drover
