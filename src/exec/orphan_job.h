// OrphanJob: a job process that outlived its shim (the shim was killed with
// SIGKILL or crashed, the job went on). Until it has ended the attempt is not
// over: concluding it would let a resume or a retry start a second copy
// beside it, which a cancel could then not reach.
//
// The process is found only through the identity the shim recorded in its
// claim, PID + start time + boot id, checked again once a pidfd is open so
// that the pidfd names that very process; never by a bare PID. Stopping it
// is the soft stop of the shim: SIGTERM to its process group, the grace,
// then SIGKILL to the group.
//
// Thread-safety: lives on the io_context's thread; destroying it cancels the
// waits (the process is left as it is: a later reconcile finds it again).
#pragma once

#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/clock.h"
#include "os/fd.h"
#include "protocol/shim_files.h"

namespace drover {

class OrphanJob : public std::enable_shared_from_this<OrphanJob> {
 public:
  // The claim's job process when it still runs; null when it has ended, or
  // when the claim lacks its start time (an older shim): then it cannot be
  // told from a process that reused its PID.
  static std::shared_ptr<OrphanJob> find(boost::asio::io_context& io, const ShimClaim& claim);

  OrphanJob(boost::asio::io_context& io, int pid, UniqueFd pidfd);

  int pid() const { return m_pid; }

  // SIGTERM to the group now, SIGKILL to it after `grace` unless the job has
  // ended by then; `on_stopped` runs once it has ended.
  void stop(Millis grace, std::function<void()> on_stopped);

  // SIGKILL to the group now (a hard stop asked while it is being stopped).
  void kill_now();

 private:
  void wait_for_end();
  bool ended();
  void on_ended();

  int m_pid;
  boost::asio::posix::stream_descriptor m_pidfd;
  boost::asio::steady_timer m_grace;
  std::function<void()> m_on_stopped;
};

}  // namespace drover
