// Process containment through the real daemon: whatever a job starts ends
// with its attempt. With cgroup v2 usable each attempt has its own cgroup,
// so even a grandchild that called setsid (and so left the job's process
// group) is killed on cancel, timeout, a lost shim, or when the job exits.
// Without cgroups, drover falls back to process groups; those tests say why
// cgroups were skipped and check the fallback instead.
#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <thread>

#include <gtest/gtest.h>

#include "harness.h"
#include "os/process_identity.h"

namespace drover::testing {
namespace {

using namespace std::chrono_literals;

// A job that starts a grandchild in a session of its own, which writes its
// pid to `pid_file` and sleeps; then the job does `then`.
std::vector<std::string> escaping_job(const std::filesystem::path& pid_file,
                                      const std::string& then) {
  std::string script = "setsid sh -c 'echo $$ > " + pid_file.string() + ".tmp && mv " +
                       pid_file.string() + ".tmp " + pid_file.string() +
                       " && exec sleep 300' </dev/null >/dev/null 2>&1 &\n" + then;
  return {"sh", "-c", script};
}

class Containment : public ::testing::Test {
 protected:
  ~Containment() override {
    // Whatever escaped must not outlive the test.
    for (const ProcessIdentity& process : m_started) {
      if (is_alive(process.pid, process.start_ticks, process.boot_id)) ::kill(process.pid, SIGKILL);
    }
  }

  // `drover daemon status --json`'s containment object.
  static Json containment(Harness& harness) {
    CliResult status = harness.cli({"daemon", "status", "--json"});
    EXPECT_EQ(status.exit_code, 0) << status.err;
    Json json = status.json();
    EXPECT_TRUE(json.contains("containment")) << status.out;
    return json.value("containment", Json::object());
  }

  static bool uses_cgroups(const Json& containment) {
    return containment.value("mode", "") == "cgroup";
  }

  // The process whose pid a job wrote into `pid_file`, once it is there.
  std::optional<ProcessIdentity> wait_for_pid_file(const std::filesystem::path& pid_file) {
    int pid = 0;
    if (!wait_until([&] { return std::ifstream(pid_file) >> pid && pid > 0; })) {
      ADD_FAILURE() << "no pid in " << pid_file << " within 30 s";
      return std::nullopt;
    }
    auto identity = identify_process(pid);
    if (!identity) return std::nullopt;  // already gone: the caller's checks say what that means
    m_started.push_back(*identity);
    return *identity;
  }

  static bool wait_until_gone(const ProcessIdentity& process, std::chrono::seconds limit = 20s) {
    return wait_until([&] { return !is_alive(process.pid, process.start_ticks, process.boot_id); },
                      limit);
  }

  static bool alive(const ProcessIdentity& process) {
    return is_alive(process.pid, process.start_ticks, process.boot_id);
  }

  std::vector<ProcessIdentity> m_started;
};

// Sets an environment variable for the daemons a test starts.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : m_name(name) { ::setenv(name, value, 1); }
  ~ScopedEnv() { ::unsetenv(m_name); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* m_name;
};

TEST_F(Containment, CancelKillsAGrandchildThatCalledSetsid) {
  Harness harness;
  harness.start_daemon();
  Json mode = containment(harness);
  auto pid_file = harness.state_dir() / "grandchild.pid";
  long long id = harness.run(escaping_job(pid_file, "exec sleep 300"));
  auto grandchild = wait_for_pid_file(pid_file);
  ASSERT_TRUE(grandchild);
  EXPECT_EQ(harness.cli({"cancel", std::to_string(id)}).exit_code, 0);
  harness.wait_for_state(id, {"cancelled"});
  if (!uses_cgroups(mode)) {
    // A process group cannot hold a process that left its session.
    EXPECT_TRUE(alive(*grandchild));
    GTEST_SKIP() << "cgroups not in use, so setsid escapes the process group: "
                 << mode.value("reason", "(no reason given)");
  }
  EXPECT_TRUE(wait_until_gone(*grandchild)) << "pid " << grandchild->pid << " escaped the cancel";
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(mode.value("cgroup", "")) /
                                       ("job-" + std::to_string(id) + "-1")))
      << "the attempt cgroup is removed when the attempt ends";
}

TEST_F(Containment, ProcessGroupFallbackSaysSoAndStillKillsTheJobsGroup) {
  ScopedEnv forced("DROVER_CONTAINMENT", "process-group");
  Harness harness;
  harness.start_daemon();
  Json mode = containment(harness);
  EXPECT_EQ(mode.value("mode", ""), "process-group");
  EXPECT_NE(mode.value("reason", ""), "") << "the status says why cgroups are not used";
  CliResult text = harness.cli({"daemon", "status"});
  EXPECT_NE(text.out.find("containment: process groups"), std::string::npos) << text.out;
  // A grandchild that stays in the job's process group.
  auto pid_file = harness.state_dir() / "child.pid";
  long long id = harness.run(
      {"sh", "-c", "sh -c 'echo $$ > " + pid_file.string() + "; exec sleep 300' & exec sleep 300"});
  auto child = wait_for_pid_file(pid_file);
  ASSERT_TRUE(child);
  EXPECT_EQ(harness.cli({"cancel", std::to_string(id)}).exit_code, 0);
  harness.wait_for_state(id, {"cancelled"});
  EXPECT_TRUE(wait_until_gone(*child));
}

TEST_F(Containment, TimeoutKillsTheWholeTree) {
  Harness harness(std::string(Harness::kDefaultConfig) +
                  "[types.slow]\ncommand = [\"sh\", \"-c\", \"{script}\"]\n"
                  "params.script = { type = \"string\", required = true }\n"
                  "timeout = \"1s\"\ngrace = \"1s\"\n");
  harness.start_daemon();
  Json mode = containment(harness);
  if (!uses_cgroups(mode)) GTEST_SKIP() << "cgroups not in use: " << mode.value("reason", "");
  auto pid_file = harness.state_dir() / "grandchild.pid";
  long long id = harness.submit({"slow", "script=" + escaping_job(pid_file, "exec sleep 300")[2]});
  auto grandchild = wait_for_pid_file(pid_file);
  ASSERT_TRUE(grandchild);
  harness.wait_for_state(id, {"failed"});
  EXPECT_TRUE(wait_until_gone(*grandchild)) << "the timeout left pid " << grandchild->pid;
}

TEST_F(Containment, AJobIgnoringSigtermIsKilledAfterTheGrace) {
  Harness harness(std::string(Harness::kDefaultConfig) +
                  "[types.stubborn]\ncommand = [\"sh\", \"-c\", \"{script}\"]\n"
                  "params.script = { type = \"string\", required = true }\ngrace = \"1s\"\n");
  harness.start_daemon();
  auto pid_file = harness.state_dir() / "stubborn.pid";
  long long id = harness.submit({"stubborn", "script=trap '' TERM; echo $$ > " + pid_file.string() +
                                                 "; while :; do sleep 1; done"});
  auto job = wait_for_pid_file(pid_file);
  ASSERT_TRUE(job);
  EXPECT_EQ(harness.cli({"cancel", std::to_string(id)}).exit_code, 0);
  harness.wait_for_state(id, {"cancelled"});
  EXPECT_TRUE(wait_until_gone(*job));
}

TEST_F(Containment, ADaemonLikeGrandchildDiesWhenItsJobExits) {
  Harness harness;
  harness.start_daemon();
  Json mode = containment(harness);
  auto pid_file = harness.state_dir() / "daemonized.pid";
  // The job waits until its grandchild is up, then exits 0.
  long long id = harness.run(escaping_job(
      pid_file, "while [ ! -s " + pid_file.string() + " ]; do sleep 0.05; done; exit 0"));
  auto grandchild = wait_for_pid_file(pid_file);
  ASSERT_TRUE(grandchild);
  harness.wait_for_state(id, {"completed"});
  if (!uses_cgroups(mode)) {
    EXPECT_TRUE(alive(*grandchild)) << "without cgroups a daemonized grandchild lives on";
    GTEST_SKIP() << "cgroups not in use: " << mode.value("reason", "");
  }
  EXPECT_TRUE(wait_until_gone(*grandchild)) << "what a job leaves behind ends with its attempt";
  std::ifstream log(harness.attempt_dir(id, 1) / "output.log");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  EXPECT_NE(text.find("left 1 process"), std::string::npos) << text;
}

TEST_F(Containment, AShimKilledWithSigkillTakesItsJobTreeDown) {
  Harness harness;
  harness.start_daemon();
  Json mode = containment(harness);
  if (!uses_cgroups(mode)) GTEST_SKIP() << "cgroups not in use: " << mode.value("reason", "");
  auto pid_file = harness.state_dir() / "grandchild.pid";
  long long id = harness.run(escaping_job(pid_file, "exec sleep 300"));
  auto grandchild = wait_for_pid_file(pid_file);
  ASSERT_TRUE(grandchild);
  ASSERT_GT(harness.shim_pid(id, 1), 0);
  ::kill(harness.shim_pid(id, 1), SIGKILL);
  harness.wait_for_state(id, {"interrupted", "failed"});
  // Else a retry or a resume would run beside the old attempt.
  EXPECT_TRUE(wait_until_gone(*grandchild))
      << "the lost attempt's pid " << grandchild->pid << " still runs";
}

TEST_F(Containment, LimitsAreWrittenOrTheLogSaysWhyNot) {
  Harness harness(std::string(Harness::kDefaultConfig) +
                  "[types.limited]\ncommand = [\"sh\", \"-c\", \"cat /proc/self/cgroup\"]\n"
                  "memory_max = \"64MiB\"\ncpu_max = 0.5\n");
  harness.start_daemon();
  Json mode = containment(harness);
  long long id = harness.submit({"limited"});
  harness.wait_for_state(id, {"completed"});
  std::ifstream log(harness.attempt_dir(id, 1) / "output.log");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  auto controllers = mode.value("controllers", std::vector<std::string>{});
  for (std::string controller : {"memory", "cpu"}) {
    bool enabled =
        std::find(controllers.begin(), controllers.end(), controller) != controllers.end();
    bool warned = text.find("warning: " + controller + "_max") != std::string::npos;
    EXPECT_NE(enabled, warned) << controller << ": applied, or a warning; log:\n" << text;
  }
}

}  // namespace
}  // namespace drover::testing
