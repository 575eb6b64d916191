// Launcher: runs each attempt of a command job under its own drover-shim and
// follows it. It never runs a job inside the daemon.
//
// For every attempt it writes spec.json into the attempt folder, spawns
// drover-shim (posix_spawn, new session; no SQLite handle crosses a fork),
// watches the shim through a pidfd on the daemon's event loop, and tails
// events.jsonl. When the shim ends it delivers the remaining events, then
// the exit (exit.json) or, when the shim vanished without one, a vanished
// exit (the job becomes interrupted).
//
// After a daemon restart, reconcile() looks at an attempt the store believes
// is running: exit.json present -> its exit is delivered; shim alive (PID and
// start time and boot id match shim.json) -> it is re-adopted and followed
// again from the last event seq the engine applied; neither -> vanished, or
// never_started when no shim ever claimed the attempt.
//
// A shim gone without exit.json (at start-up or while followed) whose job
// process still runs (PID + start time + boot id from the claim) does not end
// the attempt yet: the job's process group is stopped first (SIGTERM, the
// type's grace, SIGKILL), then the vanished exit names it. Nothing of an
// attempt runs once its exit is delivered, so a retry never runs beside it.
//
// Thread-safety: all calls and callbacks happen on the io_context's thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/job.h"
#include "core/result.h"
#include "exec/containment.h"
#include "protocol/job_event.h"

namespace drover {

struct LaunchRequest {
  JobId job_id = 0;
  int attempt = 0;
  std::string token;
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;  // added to the daemon's environment
  std::string cwd;                         // empty: the attempt folder
  std::uint64_t log_max = 50ull * 1024 * 1024;
  Millis grace = 10'000;  // SIGTERM -> SIGKILL on a soft stop
  std::optional<Json> checkpoint;  // written to a file named by DROVER_CHECKPOINT
  std::vector<std::string> redact_patterns;  // hidden in output.log (Config::redact_patterns)
  std::optional<std::uint64_t> memory_max;   // the attempt cgroup's limits (TypeConfig)
  std::optional<double> cpu_max;
};

// Identifies an attempt's shim and job process once started.
struct AttemptProcess {
  int job_pid = 0;
  int shim_pid = 0;
  std::uint64_t shim_start_ticks = 0;
  std::string boot_id;
};

struct AttemptRef {
  JobId job_id = 0;
  int attempt = 0;
  std::string token;
  std::int64_t last_seq = 0;  // events up to this seq are already applied
};

struct AttemptExit {
  std::optional<int> exit_code;
  std::optional<int> signal;
  bool vanished = false;  // the shim is gone without exit.json: host reboot, SIGKILL
  // Vanished, but its job process outlived it and was stopped (this pid)
  // before the exit was delivered.
  std::optional<int> orphan_stopped;
  // Vanished on a full disk: the shim could not record the exit (nor reserve
  // room for it), so the exit status was not learned.
  bool disk_full = false;
  Millis ended_at = 0;
  std::uint64_t log_bytes = 0;
  bool log_truncated = false;
  // Set when the job never started: why (command not found, the shim failed).
  std::string start_error;
};

// stopping: the shim is gone but its job process lives; it is being stopped
// and on_exit follows once it has ended.
enum class Reconciled { exited, adopted, vanished, stopping, never_started };

struct LauncherCallbacks {
  // The shim has started the job process (job_pid is set). Comes before the
  // attempt's events and exit; not at all when the job could not start.
  std::function<void(const AttemptRef&, const AttemptProcess&)> on_started;
  std::function<void(const AttemptRef&, std::vector<JobEvent>)> on_events;
  std::function<void(const AttemptRef&, const AttemptExit&)> on_exit;
  // Optional: something odd but not fatal (a malformed events.jsonl record,
  // a slow shim), for the daemon's log.
  std::function<void(const AttemptRef&, const std::string&)> on_warning;
};

enum class StopMode { soft, hard };  // soft: SIGTERM, grace, SIGKILL; hard: SIGKILL now

class Launcher {
 public:
  struct Options {
    std::filesystem::path state_dir;   // attempt folders go in state_dir/jobs/<id>/<n>/
    std::filesystem::path shim_path;   // the drover-shim binary
    std::string node;                  // host name shown in attempts
  };

  Launcher(boost::asio::io_context& io, Options options, LauncherCallbacks callbacks);
  ~Launcher();
  Launcher(const Launcher&) = delete;
  Launcher& operator=(const Launcher&) = delete;

  // Starts the attempt's shim and follows it. Returns at once with the
  // shim's identity (job_pid still 0): the event loop never waits for a
  // shim. `on_started` follows when the job runs; a job that cannot start
  // (command not found) gets `on_exit` with start_error instead. On an error
  // returned here (shim missing, folder not writable) nothing is followed
  // and no callback will come: the caller decides the attempt's fate.
  Result<AttemptProcess> launch(const LaunchRequest& request);

  // Decides what became of an attempt the store thinks is running, and
  // follows it again when its shim is alive. When the answer is exited, the
  // events and exit are delivered through the callbacks before it returns.
  Result<Reconciled> reconcile(const AttemptRef& ref, AttemptProcess* process);

  // Asks the attempt's shim to stop its job.
  Status stop(JobId job_id, int attempt, StopMode mode);

  // Stops following everything without touching the shims (daemon shutdown).
  void detach_all();

  // Cgroups or process groups, decided when the Launcher was made.
  const Containment& containment() const;

  std::filesystem::path attempt_dir(JobId job_id, int attempt) const;
  std::filesystem::path job_dir(JobId job_id) const;  // kept across attempts
  std::filesystem::path artifacts_dir(JobId job_id) const;  // DROVER_ARTIFACTS

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace drover
