// What an ended attempt means for its job: the first of these that applies.
//   1. A stop someone asked for: cancel and kill cancel the job, pause
//      pauses it, a timeout fails the attempt (retried per the type).
//   2. The job could not start (command not found): it fails, no retry.
//   3. A worker's lease ran out: the attempt is lost (retried while the
//      type's retries last, else interrupted). The runner vanished without
//      an exit (host rebooted, shim killed): the job is interrupted, to be
//      resumed from its checkpoint.
//   4. The job asked to pause (`@drover pause`) and then exited.
//   5. Exit code 0: completed. Anything else fails the attempt.
//
// Pure: no clock, no I/O; thread-safe.
#pragma once

#include <string>

#include "core/config.h"
#include "core/job.h"
#include "exec/attempt_runner.h"

namespace drover {

enum class OutcomeKind {
  completed,
  cancelled,       // the job ends cancelled
  paused_by_user,  // paused until resumed
  paused_by_job,   // paused as the job asked (job_pause.h decides until when)
  interrupted,     // resumable; not retried by itself
  lost,            // a worker's lease ran out: retried per the type, else interrupted
  not_started,     // fails the job; no retry can help
  attempt_failed,  // fails the attempt; retried when the type allows
};

struct AttemptOutcome {
  OutcomeKind kind = OutcomeKind::completed;
  std::string reason;  // for the job's history: "exit code 3", "cancelled by user"
};

// `pause_asked`: the job reported a pause (a resume time) before it ended.
AttemptOutcome decide_outcome(StopRequest stop, const AttemptExit& exit, bool pause_asked,
                              const TypeConfig* type);

// "exit code 3", "killed by SIGKILL": how the attempt's process ended.
std::string exit_description(const AttemptExit& exit);

// What became of an attempt whose runner left no exit, truthfully.
std::string vanished_reason(const AttemptExit& exit);

}  // namespace drover
