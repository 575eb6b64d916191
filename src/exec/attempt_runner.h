// AttemptRunner: what the engine needs to run attempts, so that it can be
// driven by the real Launcher (a shim per attempt) or, in tests, by a fake
// that starts and ends attempts when the test says.
//
// Thread-safety: all calls and callbacks happen on the event loop's thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

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
  Millis grace = 10'000;                     // SIGTERM -> SIGKILL on a soft stop
  std::optional<Json> checkpoint;            // written to a file named by DROVER_CHECKPOINT
  std::vector<std::string> redact_patterns;  // hidden in output.log (Config::redact_patterns)
  std::optional<std::uint64_t> memory_max;   // the attempt cgroup's limits (TypeConfig)
  std::optional<double> cpu_max;
  // Whether the job's work and artifacts folders are made before it runs
  // (job_folders.h); their paths are in its environment either way.
  bool job_folders = true;
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
  bool vanished = false;  // the shim is gone without an exit: host reboot, SIGKILL
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
  // A worker attempt whose lease ran out: its worker is gone or stuck. The
  // attempt is lost: retried per the type's policy, else interrupted.
  bool lease_expired = false;
  // A worker's own account of why the attempt failed (a non-zero exit_code).
  std::string failure;
};

// stopping: the shim is gone but its job process lives; it is being stopped
// and on_exit follows once it has ended.
enum class Reconciled { exited, adopted, vanished, stopping, never_started };

struct AttemptCallbacks {
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

class AttemptRunner {
 public:
  virtual ~AttemptRunner() = default;

  // Starts the attempt and follows it. Returns at once with the runner's
  // identity (job_pid still 0): the event loop never waits for a start.
  // `on_started` follows when the job runs; a job that cannot start
  // (command not found) gets `on_exit` with start_error instead. On an error
  // returned here (shim missing, folder not writable) nothing is followed
  // and no callback will come: the caller decides the attempt's fate.
  virtual Result<AttemptProcess> launch(const LaunchRequest& request) = 0;

  // Decides what became of an attempt the store thinks is running, and
  // follows it again when it is alive. When the answer is exited, the
  // events and exit are delivered through the callbacks before it returns.
  virtual Result<Reconciled> reconcile(const AttemptRef& ref, AttemptProcess* process) = 0;

  // Asks the attempt to stop its job.
  virtual Status stop(JobId job_id, int attempt, StopMode mode) = 0;

  // Stops following everything without touching the attempts (daemon shutdown).
  virtual void detach_all() = 0;

  // Cgroups or process groups, decided when the runner was made.
  virtual const Containment& containment() const = 0;

  virtual std::filesystem::path attempt_dir(JobId job_id, int attempt) const = 0;
  virtual std::filesystem::path job_dir(JobId job_id) const = 0;        // kept across attempts
  virtual std::filesystem::path artifacts_dir(JobId job_id) const = 0;  // DROVER_ARTIFACTS
};

}  // namespace drover
