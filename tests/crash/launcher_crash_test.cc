// Kill -9 the launcher (drover-shim --launcher), alone or with the daemon,
// at random moments while 50 jobs are queued and running: shims already
// forked run on, the daemon starts another launcher, and afterwards every
// job has exactly one final state that matches what it did, none ran twice
// and none was lost.
#include <signal.h>

#include <gtest/gtest.h>

#include "crash_jobs.h"
#include "shim/launcher_for_tests.h"

namespace drover::testing {
namespace {

// Twenty kills of the launcher; `also_daemon` kills the daemon with it
// (then starts it again).
void crash_launcher_repeatedly(Harness& harness, bool also_daemon) {
  crash_at_random_moments(20261203, 50, 800, [&harness, also_daemon] {
    if (also_daemon) harness.kill_daemon();
    kill_launcher_for_tests(harness.state_dir());
    if (also_daemon) harness.start_daemon();
  });
}

TEST(LauncherCrash, KillNineOfTheLauncherLosesNothingAndRunsNothingTwice) {
  Harness harness("[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 4\n");
  harness.start_daemon();
  std::vector<PlannedJob> jobs = submit_crash_jobs(harness, 50);
  crash_launcher_repeatedly(harness, false);
  expect_each_ran_once(harness, jobs);
}

TEST(LauncherCrash, KillNineOfTheLauncherAndTheDaemonLosesNothingAndRunsNothingTwice) {
  Harness harness("[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 4\n");
  harness.start_daemon();
  std::vector<PlannedJob> jobs = submit_crash_jobs(harness, 50);
  crash_launcher_repeatedly(harness, true);
  expect_each_ran_once(harness, jobs);
}

}  // namespace
}  // namespace drover::testing
