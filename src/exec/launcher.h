// Launcher: runs each attempt of a command job under its own drover-shim and
// follows it. It never runs a job inside the daemon.
//
// For every attempt it makes the attempt folder, hands the spec to a shim
// forked by the launcher of the state dir (launcher_link.h), or writes
// spec.json and spawns drover-shim (posix_spawn, new session; no SQLite
// handle crosses a fork) when no launcher can be had, watches the shim
// through a pidfd on the daemon's event loop, and tails events.jsonl. When
// the shim ends it delivers the remaining events, then the exit recorded in
// attempt.record (protocol/attempt_record.h) or, when the shim vanished
// without one, a vanished exit (the job becomes interrupted).
//
// After a daemon restart, reconcile() looks at an attempt the store believes
// is running: exit recorded -> it is delivered; shim alive (PID and start
// time and boot id match the claim) -> it is re-adopted and followed again
// from the last event seq the engine applied; neither -> vanished, or
// never_started when no shim ever claimed the attempt.
//
// A shim gone without an exit (at start-up or while followed) whose job
// process still runs (PID + start time + boot id from the claim) does not end
// the attempt yet: the job's process group is stopped first (SIGTERM, the
// type's grace, SIGKILL), then the vanished exit names it. Nothing of an
// attempt runs once its exit is delivered, so a retry never runs beside it.
//
// Thread-safety: all calls and callbacks happen on the io_context's thread.
#pragma once

#include <filesystem>
#include <memory>

#include <boost/asio/io_context.hpp>

#include "exec/attempt_runner.h"

namespace drover {

class Launcher final : public AttemptRunner {
 public:
  struct Options {
    std::filesystem::path state_dir;  // attempt folders go in state_dir/jobs/<id>/<n>/
    std::filesystem::path shim_path;  // the drover-shim binary
    std::string node;                 // host name shown in attempts
  };

  Launcher(boost::asio::io_context& io, Options options, AttemptCallbacks callbacks);
  ~Launcher() override;
  Launcher(const Launcher&) = delete;
  Launcher& operator=(const Launcher&) = delete;

  Result<AttemptProcess> launch(const LaunchRequest& request) override;
  Result<Reconciled> reconcile(const AttemptRef& ref, AttemptProcess* process) override;
  Status stop(JobId job_id, int attempt, StopMode mode) override;
  void detach_all() override;
  const Containment& containment() const override;
  std::filesystem::path attempt_dir(JobId job_id, int attempt) const override;
  std::filesystem::path job_dir(JobId job_id) const override;
  std::filesystem::path artifacts_dir(JobId job_id) const override;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace drover
