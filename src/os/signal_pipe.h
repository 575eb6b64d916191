// Signals as records on a pipe, each with the pid that sent it: an event
// loop watches the read end like any socket and can log who stopped it
// (asio's signal_set drops the sender). The handlers write with one
// async-signal-safe write(2); a record is 8 bytes, so it is never split.
// The handlers are process-wide: a process installs one SignalPipe, from its
// main thread, before it starts other threads. Dispositions return to the
// default in children at exec, so spawned programs are not affected.
#pragma once

#include <optional>
#include <vector>

#include "core/result.h"
#include "os/fd.h"

namespace drover {

struct SignalRecord {
  int signal = 0;
  int sender_pid = 0;  // 0 when the kernel sent it (or the sender is unknown)
};

class SignalPipe {
 public:
  // Routes each of `signals` to the pipe instead of its default action.
  static Result<SignalPipe> install(const std::vector<int>& signals);

  // Non-blocking; readable when a record is pending.
  int read_fd() const { return m_read_end.get(); }
  // The next pending record, or nullopt when there is none.
  std::optional<SignalRecord> read_next() const;

 private:
  explicit SignalPipe(UniqueFd read_end, UniqueFd write_end)
      : m_read_end(std::move(read_end)), m_write_end(std::move(write_end)) {}

  UniqueFd m_read_end;
  UniqueFd m_write_end;  // kept open for the handlers
};

}  // namespace drover
