// A job's life through the real daemon and CLI: it survives the CLI, the
// daemon's restart and its crash; it stops when cancelled; it is
// interrupted only when its shim provably vanished.
#include <signal.h>

#include <fstream>

#include <gtest/gtest.h>

#include "harness.h"

namespace drover::testing {
namespace {

using namespace std::chrono_literals;

// The job's pid once its shim has started it (null until then).
pid_t job_pid(const Json& job) {
  const Json attempts = job.value("attempts", Json::array());
  if (attempts.empty()) return -1;
  const Json pid = attempts.back().value("pid", Json());
  return pid.is_number() ? pid.get<pid_t>() : -1;
}

Json wait_for_pid(Harness& harness, long long id) {
  return harness.wait_for_job(id, [](const Json& job) { return job_pid(job) > 0; });
}

TEST(Lifecycle, RunReturnsAtOnceAndTheJobOutlivesTheCli) {
  Harness harness;
  harness.start_daemon();
  auto before = std::chrono::steady_clock::now();
  long long id = harness.run({"sleep", "30"});
  EXPECT_LT(std::chrono::steady_clock::now() - before, 3s);
  Json job = wait_for_pid(harness, id);
  EXPECT_EQ(job["state"], "running");
  EXPECT_TRUE(process_alive(job_pid(job)));
}

TEST(Lifecycle, JobKeepsRunningAcrossDaemonStopAndStartAndIsReadopted) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run({"sleep", "30"});
  pid_t pid = job_pid(wait_for_pid(harness, id));
  harness.stop_daemon();
  EXPECT_TRUE(process_alive(pid)) << "SIGTERM to the daemon must not stop jobs";
  harness.start_daemon();
  Json job = harness.show(id);
  EXPECT_EQ(job["state"], "running");
  ASSERT_EQ(job["attempts"].size(), 1u) << "re-adopted, not restarted";
  EXPECT_EQ(job_pid(job), pid);
  EXPECT_EQ(harness.cli({"cancel", std::to_string(id)}).exit_code, 0);
  job = harness.wait_for_state(id, {"cancelled"});
  EXPECT_FALSE(process_alive(pid));
}

TEST(Lifecycle, ExitCodesDecideTheFinalState) {
  Harness harness;
  harness.start_daemon();
  long long ok = harness.run({"true"});
  long long bad = harness.run({"sh", "-c", "exit 3"});
  long long killed = harness.run({"sh", "-c", "kill -KILL $$"});
  EXPECT_EQ(harness.wait_for_state(ok, {"completed", "failed"})["state"], "completed");
  Json failed = harness.wait_for_state(bad, {"completed", "failed"});
  EXPECT_EQ(failed["state"], "failed");
  EXPECT_EQ(failed["attempts"][0]["exit_code"], 3);
  EXPECT_EQ(failed["error"], "exit code 3");
  Json signalled = harness.wait_for_state(killed, {"completed", "failed"});
  EXPECT_EQ(signalled["attempts"][0]["signal"], SIGKILL);
}

TEST(Lifecycle, CancelSendsTermThenKillsAfterTheGrace) {
  // The job says it ignores TERM by creating the file it is given.
  Harness harness(
      std::string(Harness::kDefaultConfig) +
      "[types.stubborn]\n"
      "command = [\"sh\", \"-c\", \"trap '' TERM; : > \\\"$0\\\"; sleep 30\", \"{trapped}\"]\n"
      "params.trapped = { type = \"string\", required = true }\n"
      "grace = \"1s\"\n");
  harness.start_daemon();
  std::filesystem::path trapped = harness.state_dir() / "trapped";
  CliResult submitted = harness.cli({"submit", "stubborn", "trapped=" + trapped.string()});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  long long id = std::atoll(submitted.out.c_str());
  pid_t pid = job_pid(wait_for_pid(harness, id));
  ASSERT_TRUE(wait_for_file(trapped));
  auto before = std::chrono::steady_clock::now();
  EXPECT_EQ(harness.cli({"cancel", std::to_string(id)}).exit_code, 0);
  Json job = harness.wait_for_state(id, {"cancelled"});
  EXPECT_GE(std::chrono::steady_clock::now() - before, 900ms) << "the grace was not given";
  EXPECT_EQ(job["attempts"][0]["signal"], SIGKILL);
  EXPECT_FALSE(process_alive(pid));
}

TEST(Lifecycle, VanishedShimAndJobMakeTheJobInterrupted) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run({"sleep", "30"});
  pid_t pid = job_pid(wait_for_pid(harness, id));
  pid_t shim = harness.shim_pid(id, 1);
  ASSERT_GT(shim, 0);
  ::kill(shim, SIGKILL);  // a reboot, as far as the daemon can tell
  ::kill(pid, SIGKILL);
  Json job = harness.wait_for_state(id, {"interrupted"});
  EXPECT_NE(job["history"].back()["reason"].get<std::string>().find("vanished"), std::string::npos);
}

TEST(Lifecycle, VanishedWhileTheDaemonWasDownIsFoundAtStartUp) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run({"sleep", "30"});
  pid_t pid = job_pid(wait_for_pid(harness, id));
  pid_t shim = harness.shim_pid(id, 1);
  harness.kill_daemon();
  ::kill(shim, SIGKILL);
  ::kill(pid, SIGKILL);
  harness.start_daemon();
  EXPECT_EQ(harness.wait_for_state(id, {"interrupted"}, 10s)["state"], "interrupted");
}

TEST(Lifecycle, JobsSeeOnlyTheirStandardFileDescriptors) {
  Harness harness;
  harness.start_daemon();
  // `test -e` opens nothing itself, unlike ls or a glob over /proc/$$/fd.
  long long id = harness.run(
      {"sh", "-c", "for n in $(seq 0 64); do test -e /proc/$$/fd/$n && echo open-$n; done; :"});
  harness.wait_for_state(id, {"completed"});
  CliResult logs = harness.cli({"logs", std::to_string(id)});
  for (const char* fd : {"open-0", "open-1", "open-2"}) {
    EXPECT_NE(logs.out.find(fd), std::string::npos) << logs.out;
  }
  EXPECT_EQ(logs.out.find("open-3"), std::string::npos) << "a descriptor leaked: " << logs.out;
  EXPECT_EQ(logs.out.find("open-4"), std::string::npos) << "a descriptor leaked: " << logs.out;
}

TEST(Lifecycle, PausedQueueHoldsJobsWithAReason) {
  Harness harness;
  harness.start_daemon();
  ASSERT_EQ(harness.cli({"queues", "pause", "default"}).exit_code, 0);
  long long id = harness.run({"true"});
  Json job = harness.show(id);
  EXPECT_EQ(job["state"], "queued");
  EXPECT_EQ(job["wait_reason"], "queue default paused");
  ASSERT_EQ(harness.cli({"queues", "resume", "default"}).exit_code, 0);
  harness.wait_for_state(id, {"completed"});
}

TEST(Lifecycle, QueueLimitIsRespectedInPriorityOrder) {
  Harness harness("[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 1\n");
  harness.start_daemon();
  long long blocker = harness.run(harness.held_command("blocker"));
  harness.wait_for_state(blocker, {"running"});
  CliResult low = harness.cli({"run", "--priority", "0", "--", "true"});
  CliResult high = harness.cli({"run", "--priority", "5", "--", "true"});
  ASSERT_EQ(low.exit_code, 0) << low.err;
  ASSERT_EQ(high.exit_code, 0) << high.err;
  long long low_id = std::atoll(low.out.c_str()), high_id = std::atoll(high.out.c_str());
  harness.wait_for_job(low_id,
                       [](const Json& job) { return job["wait_reason"] == "queue default full"; });
  harness.release("blocker");
  harness.wait_for_state(blocker, {"completed"});
  Json low_job = harness.wait_for_state(low_id, {"completed"});
  Json high_job = harness.wait_for_state(high_id, {"completed"});
  EXPECT_LE(high_job["started_at"].get<std::string>(), low_job["started_at"].get<std::string>());
}

}  // namespace
}  // namespace drover::testing
