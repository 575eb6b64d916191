// Kill -9 the daemon at random moments while 50 jobs are queued and running,
// 20 times over; afterwards every job has exactly one final state that
// matches what it did, none ran twice and none was lost.
#include <gtest/gtest.h>

#include "crash_jobs.h"

namespace drover::testing {
namespace {

TEST(DaemonCrash, TwentyKillNineRestartsLoseNothingAndRunNothingTwice) {
  Harness harness("[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 4\n");
  harness.start_daemon();
  std::vector<PlannedJob> jobs = submit_crash_jobs(harness, 50);
  crash_at_random_moments(20261124, 100, 1200, [&harness] {
    harness.kill_daemon();
    harness.start_daemon();
  });
  expect_each_ran_once(harness, jobs);
}

}  // namespace
}  // namespace drover::testing
