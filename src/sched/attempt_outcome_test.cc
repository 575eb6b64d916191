#include "sched/attempt_outcome.h"

#include <gtest/gtest.h>

#include <csignal>

namespace drover {
namespace {

AttemptExit exited(int code) {
  AttemptExit exit;
  exit.exit_code = code;
  return exit;
}

AttemptExit killed(int signal) {
  AttemptExit exit;
  exit.signal = signal;
  return exit;
}

TEST(AttemptOutcome, ExitCodeZeroCompletesAndAnythingElseFailsTheAttempt) {
  AttemptOutcome done = decide_outcome(StopRequest::none, exited(0), false, nullptr);
  EXPECT_EQ(done.kind, OutcomeKind::completed);
  EXPECT_EQ(done.reason, "exit code 0");
  AttemptOutcome failed = decide_outcome(StopRequest::none, exited(3), false, nullptr);
  EXPECT_EQ(failed.kind, OutcomeKind::attempt_failed);
  EXPECT_EQ(failed.reason, "exit code 3");
  EXPECT_EQ(decide_outcome(StopRequest::none, killed(SIGSEGV), false, nullptr).reason,
            "killed by SIGSEGV");
}

TEST(AttemptOutcome, AStopSomeoneAskedForWinsOverHowTheProcessEnded) {
  TypeConfig type;
  type.timeout = 90'000;
  EXPECT_EQ(decide_outcome(StopRequest::cancel, killed(SIGTERM), false, &type).kind,
            OutcomeKind::cancelled);
  EXPECT_EQ(decide_outcome(StopRequest::kill, killed(SIGKILL), false, &type).reason,
            "killed by user");
  EXPECT_EQ(decide_outcome(StopRequest::pause, exited(0), true, &type).kind,
            OutcomeKind::paused_by_user);
  AttemptOutcome timed_out = decide_outcome(StopRequest::timeout, killed(SIGTERM), false, &type);
  EXPECT_EQ(timed_out.kind, OutcomeKind::attempt_failed);
  EXPECT_EQ(timed_out.reason, "timed out after 1m30s");
}

TEST(AttemptOutcome, AFailedStartIsNotRetriedAndAVanishedRunnerInterrupts) {
  AttemptExit not_found = exited(127);
  not_found.start_error = "cannot start `gti`: No such file or directory";
  AttemptOutcome start = decide_outcome(StopRequest::none, not_found, false, nullptr);
  EXPECT_EQ(start.kind, OutcomeKind::not_started);
  EXPECT_EQ(start.reason, "could not start: cannot start `gti`: No such file or directory");

  AttemptExit vanished;
  vanished.vanished = true;
  EXPECT_EQ(decide_outcome(StopRequest::none, vanished, true, nullptr).kind,
            OutcomeKind::interrupted);
  vanished.orphan_stopped = 4242;
  EXPECT_EQ(vanished_reason(vanished),
            "shim vanished; its job process 4242 was still running and was stopped");
}

TEST(AttemptOutcome, AJobThatAskedToPauseAndExitedIsPaused) {
  EXPECT_EQ(decide_outcome(StopRequest::none, exited(0), true, nullptr).kind,
            OutcomeKind::paused_by_job);
}

}  // namespace
}  // namespace drover
