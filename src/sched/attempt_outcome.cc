#include "sched/attempt_outcome.h"

#include <fmt/format.h>

#include "core/duration.h"
#include "os/process.h"

namespace drover {
namespace {

std::optional<AttemptOutcome> requested_stop(StopRequest stop, const TypeConfig* type) {
  switch (stop) {
    case StopRequest::cancel:
      return AttemptOutcome{OutcomeKind::cancelled, "cancelled by user"};
    case StopRequest::kill:
      return AttemptOutcome{OutcomeKind::cancelled, "killed by user"};
    case StopRequest::pause:
      return AttemptOutcome{OutcomeKind::paused_by_user, "paused by user"};
    case StopRequest::timeout: {
      Millis limit = type && type->timeout ? *type->timeout : 0;
      return AttemptOutcome{OutcomeKind::attempt_failed,
                            fmt::format("timed out after {}", format_duration(limit))};
    }
    case StopRequest::none:
      break;
  }
  return std::nullopt;
}

}  // namespace

AttemptOutcome decide_outcome(StopRequest stop, const AttemptExit& exit, bool pause_asked,
                              const TypeConfig* type) {
  if (auto stopped = requested_stop(stop, type)) return *stopped;
  if (!exit.start_error.empty()) {
    return {OutcomeKind::not_started, "could not start: " + exit.start_error};
  }
  if (exit.lease_expired) {
    return {OutcomeKind::lost, exit.failure.empty() ? "the worker's lease expired" : exit.failure};
  }
  if (exit.vanished) return {OutcomeKind::interrupted, vanished_reason(exit)};
  if (pause_asked) return {OutcomeKind::paused_by_job, ""};
  if (exit.exit_code == 0 && !exit.signal) return {OutcomeKind::completed, "exit code 0"};
  if (!exit.failure.empty()) return {OutcomeKind::attempt_failed, exit.failure};
  return {OutcomeKind::attempt_failed, exit_description(exit)};
}

std::string exit_description(const AttemptExit& exit) {
  return ExitStatus{exit.exit_code, exit.signal}.describe();
}

std::string vanished_reason(const AttemptExit& exit) {
  if (exit.orphan_stopped) {
    return fmt::format("shim vanished; its job process {} was still running and was stopped",
                       *exit.orphan_stopped);
  }
  if (exit.disk_full) return "exit status not recorded: disk full (the attempt's shim is gone)";
  return "the attempt's shim and process vanished (machine rebooted or killed)";
}

}  // namespace drover
