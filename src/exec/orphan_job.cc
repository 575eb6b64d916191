#include "exec/orphan_job.h"

#include <signal.h>

#include <array>
#include <chrono>
#include <utility>

#include <spdlog/spdlog.h>

#include "os/pidfd.h"
#include "os/poll.h"
#include "os/process_identity.h"
#include "os/signals.h"

namespace drover {

std::shared_ptr<OrphanJob> OrphanJob::find(boost::asio::io_context& io, const ShimClaim& claim) {
  if (!claim.job_pid || claim.job_start_ticks == 0) return nullptr;
  int pid = *claim.job_pid;
  if (!is_alive(pid, claim.job_start_ticks, claim.boot_id)) return nullptr;
  auto pidfd = open_pidfd(pid);
  // Checked again with the pidfd open: from now on it names the process checked.
  if (!pidfd || !is_alive(pid, claim.job_start_ticks, claim.boot_id)) return nullptr;
  return std::make_shared<OrphanJob>(io, pid, std::move(*pidfd));
}

OrphanJob::OrphanJob(boost::asio::io_context& io, int pid, UniqueFd pidfd)
    : m_pid(pid), m_pidfd(io, pidfd.release()), m_grace(io) {}

void OrphanJob::stop(Millis grace, std::function<void()> on_stopped) {
  m_on_stopped = std::move(on_stopped);
  // The leader lives (its pidfd is not readable yet), so the group named by
  // its pid is the job's own: no other group can hold that id meanwhile.
  if (Status sent = signal_process_group(m_pid, SIGTERM); !sent) {
    spdlog::warn("orphaned job process {}: {}", m_pid, sent.error().message);
  }
  m_grace.expires_after(std::chrono::milliseconds(grace));
  std::weak_ptr<OrphanJob> weak = weak_from_this();
  m_grace.async_wait([weak](const boost::system::error_code& error) {
    auto self = weak.lock();
    if (error || !self || self->ended()) return;
    spdlog::warn("orphaned job process {} outlived the grace period; killing its group",
                 self->m_pid);
    self->kill_now();
  });
  wait_for_end();
}

void OrphanJob::kill_now() {
  if (ended()) return;
  if (Status sent = signal_process_group(m_pid, SIGKILL); !sent) {
    spdlog::warn("orphaned job process {}: {}", m_pid, sent.error().message);
  }
}

void OrphanJob::wait_for_end() {
  std::weak_ptr<OrphanJob> weak = weak_from_this();
  m_pidfd.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                     [weak](const boost::system::error_code& error) {
                       auto self = weak.lock();
                       if (error || !self) return;
                       // A spurious wake-up must not count as the end.
                       if (!self->ended()) return self->wait_for_end();
                       self->on_ended();
                     });
}

bool OrphanJob::ended() {
  std::array<PollEntry, 1> entry{{{m_pidfd.native_handle()}}};
  return wait_readable(entry, 0) && entry[0].readable;
}

void OrphanJob::on_ended() {
  m_grace.cancel();
  // What the leader started may outlive it in its group (a child ignoring
  // SIGTERM). While any member lives the group id cannot be reused, so this
  // reaches only the job's own processes; an empty group gets ESRCH (its id
  // reused within these milliseconds would need a full PID wrap-around).
  (void)signal_process_group(m_pid, SIGKILL);
  if (m_on_stopped) std::exchange(m_on_stopped, nullptr)();
}

}  // namespace drover
