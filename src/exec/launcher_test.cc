// The Launcher with real processes and the real drover-shim.
#include "exec/launcher.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "exec/attempt_files.h"
#include "exec/shim_launch.h"
#include "os/atomic_file.h"
#include "os/fd.h"
#include "os/process.h"
#include "os/process_identity.h"
#include "os/test_dir.h"
#include "protocol/attempt_record.h"
#include "protocol/shim_files.h"
#include "shim/launcher_for_tests.h"
#include "shim/shim.h"
#include "shim/shim_binary_for_tests.h"

namespace drover {
namespace {

using namespace std::chrono_literals;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The shim wrote its last word: the exit, once the output was drained.
bool shim_finished(const std::filesystem::path& attempt_dir) {
  auto exit = read_exit(attempt_dir);
  return exit.ok() && exit->drained;
}

class LauncherTest : public ::testing::Test {
 protected:
  LauncherTest() { restart_daemon(); }
  ~LauncherTest() override { kill_launcher_for_tests(m_state.path()); }

  // A new Launcher, as after a daemon restart; the old one's shims live on.
  void restart_daemon() {
    m_launcher.reset();
    m_launched.clear();
    AttemptCallbacks callbacks;
    callbacks.on_started = [this](const AttemptRef& ref, const AttemptProcess& process) {
      EXPECT_GT(process.job_pid, 0);
      EXPECT_EQ(m_started.count(ref.job_id), 0u) << "started twice";
      EXPECT_FALSE(m_exit.has_value()) << "started after its exit";
      m_started[ref.job_id] = process;
    };
    callbacks.on_events = [this](const AttemptRef& ref, std::vector<JobEvent> batch) {
      if (m_launched.count(ref.job_id)) {  // not for an attempt found by reconcile()
        EXPECT_EQ(m_started.count(ref.job_id), 1u) << "events before on_started";
      }
      ++m_batches;
      for (JobEvent& event : batch) {
        EXPECT_GT(event.seq, ref.last_seq);
        m_events.push_back(std::move(event));
      }
    };
    callbacks.on_exit = [this](const AttemptRef& ref, const AttemptExit& exit) {
      EXPECT_FALSE(m_exit.has_value()) << "exit delivered twice";
      m_exit_ref = ref;
      m_exit = exit;
      m_events_before_exit = m_events.size();
    };
    callbacks.on_warning = [this](const AttemptRef&, const std::string& message) {
      if (!m_warnings_expected) ADD_FAILURE() << "warning: " << message;
      m_warnings.push_back(message);
    };
    m_launcher = std::make_unique<Launcher>(
        m_io, Launcher::Options{m_state.path(), shim_binary_for_tests(), "test-node"},
        std::move(callbacks));
  }

  LaunchRequest request(const std::string& script, JobId id = 1) {
    LaunchRequest request;
    request.job_id = id;
    request.attempt = 1;
    request.token = "token-" + std::to_string(id);
    request.argv = {"/bin/sh", "-c", script};
    request.env = {{"DROVER_PARAMS", R"({"n":3})"}};
    request.grace = 2000;
    return request;
  }

  // Launches and runs the loop until the job has started (or ended); the
  // shim's identity from launch() with the job's pid from on_started.
  AttemptProcess launch(const LaunchRequest& request) {
    auto process = m_launcher->launch(request);
    EXPECT_TRUE(process.ok()) << process.error().message;
    if (!process.ok()) return {};
    m_launched.insert(request.job_id);
    EXPECT_EQ(process->job_pid, 0) << "launch() does not wait for the job";
    EXPECT_TRUE(run_until([&] { return m_started.count(request.job_id) || m_exit; }));
    if (auto started = m_started.find(request.job_id); started != m_started.end()) {
      EXPECT_EQ(started->second.shim_pid, process->shim_pid);
      EXPECT_EQ(started->second.shim_start_ticks, process->shim_start_ticks);
      EXPECT_EQ(started->second.boot_id, process->boot_id);
      process->job_pid = started->second.job_pid;
    }
    return *process;
  }

  // Runs the event loop until `done` or the time limit.
  template <typename Done>
  bool run_until(Done done, std::chrono::milliseconds limit = 20s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      m_io.restart();
      m_io.run_for(10ms);
    }
    return true;
  }

  bool run_until_exit() {
    return run_until([&] { return m_exit.has_value(); });
  }

  std::string output(JobId id = 1) {
    auto text = read_file(m_launcher->attempt_dir(id, 1) / kOutputFile);
    return text.ok() ? *text : "";
  }

  bool run_until_output(const std::string& part) {
    return run_until([&] { return contains(output(), part); });
  }

  boost::asio::io_context m_io;
  TestDir m_state;
  std::unique_ptr<Launcher> m_launcher;
  std::set<JobId> m_launched;  // by launch() of the current launcher
  bool m_warnings_expected = false;
  std::vector<std::string> m_warnings;
  std::map<JobId, AttemptProcess> m_started;
  std::vector<JobEvent> m_events;
  int m_batches = 0;
  std::optional<AttemptExit> m_exit;
  AttemptRef m_exit_ref;
  std::size_t m_events_before_exit = 0;
};

TEST_F(LauncherTest, AJobThatExitsZeroIsDelivered) {
  AttemptProcess process = launch(request("echo hello"));
  EXPECT_GT(process.job_pid, 0);
  EXPECT_GT(process.shim_pid, 0);
  EXPECT_GT(process.shim_start_ticks, 0u);
  EXPECT_FALSE(process.boot_id.empty());
  ASSERT_TRUE(run_until_exit());
  EXPECT_EQ(m_exit->exit_code, 0);
  EXPECT_FALSE(m_exit->vanished);
  EXPECT_GT(m_exit->log_bytes, 0u);
  EXPECT_EQ(m_exit_ref.job_id, 1);
  EXPECT_EQ(m_exit_ref.token, "token-1");
  EXPECT_TRUE(contains(output(), "Z hello\n"));
  EXPECT_EQ(::waitpid(process.shim_pid, nullptr, WNOHANG), -1);  // reaped: no zombie
}

TEST_F(LauncherTest, AnExitCodeIsDelivered) {
  launch(request("exit 3"));
  ASSERT_TRUE(run_until_exit());
  EXPECT_EQ(m_exit->exit_code, 3);
  EXPECT_FALSE(m_exit->signal);
}

TEST_F(LauncherTest, DeathBySignalIsDelivered) {
  launch(request("kill -SEGV $$"));
  ASSERT_TRUE(run_until_exit());
  EXPECT_EQ(m_exit->signal, SIGSEGV);
  EXPECT_FALSE(m_exit->exit_code);
}

TEST_F(LauncherTest, EventsArriveInOrderBeforeTheExit) {
  launch(
      request("echo '@drover total 3'; for i in 1 2 3; do echo \"@drover progress $i/3 item-$i\"; "
              "done; echo '@drover result {\"ok\":true}'"));
  ASSERT_TRUE(run_until_exit());
  ASSERT_EQ(m_events.size(), 5u);
  EXPECT_EQ(m_events_before_exit, 5u);
  for (std::size_t i = 0; i < m_events.size(); ++i) EXPECT_EQ(m_events[i].seq, int(i) + 1);
  EXPECT_EQ(m_events[0].total, 3);
  EXPECT_EQ(m_events[3].item, "item-3");
  EXPECT_EQ(m_events[4].value["ok"], true);
  EXPECT_LE(m_batches, 5);
}

TEST_F(LauncherTest, TheJobGetsItsEnvironmentAndFolders) {
  LaunchRequest resumed = request(
      "echo \"$DROVER_JOB_ID $DROVER_ATTEMPT $DROVER_RESUMED $DROVER_PARAMS\"; "
      "cat \"$DROVER_CHECKPOINT\"; echo; test -d \"$DROVER_JOB_DIR\" && echo job-dir; "
      "test -d \"$DROVER_ARTIFACTS\" && echo artifacts; pwd");
  resumed.checkpoint = Json{{"last", 203847}};
  launch(resumed);
  ASSERT_TRUE(run_until_exit());
  EXPECT_EQ(m_exit->exit_code, 0);
  std::string log = output();
  EXPECT_TRUE(contains(log, R"(Z 1 1 1 {"n":3})"));
  EXPECT_TRUE(contains(log, R"(Z {"last":203847})"));
  EXPECT_TRUE(contains(log, "Z job-dir\n"));
  EXPECT_TRUE(contains(log, "Z artifacts\n"));
  EXPECT_TRUE(contains(log, "Z " + m_launcher->attempt_dir(1, 1).string() + "\n"));
  EXPECT_EQ(m_launcher->job_dir(1), m_state.path() / "jobs" / "1" / "work");
}

TEST_F(LauncherTest, WithoutACheckpointTheVariableIsAbsent) {
  launch(request("echo \"[${DROVER_CHECKPOINT-absent}] $DROVER_RESUMED\""));
  ASSERT_TRUE(run_until_exit());
  EXPECT_TRUE(contains(output(), "Z [absent] 0\n"));
}

TEST_F(LauncherTest, TheRedactPatternsReachTheShim) {
  LaunchRequest secret = request("echo 'key sk-abc123 used'");
  secret.redact_patterns = {"sk-[a-z0-9]+"};
  launch(secret);
  ASSERT_TRUE(run_until_exit());
  EXPECT_TRUE(contains(output(), "Z key *** used\n")) << output();
}

TEST_F(LauncherTest, SoftStopLetsATrappingJobFinish) {
  launch(request("trap 'echo cleaning up; exit 0' TERM; echo ready; while :; do sleep 0.05; done"));
  ASSERT_TRUE(run_until_output("Z ready\n"));
  ASSERT_TRUE(m_launcher->stop(1, 1, StopMode::soft).ok());
  ASSERT_TRUE(run_until_exit());
  EXPECT_EQ(m_exit->exit_code, 0);
  EXPECT_TRUE(contains(output(), "Z cleaning up\n"));
}

TEST_F(LauncherTest, HardStopKillsAtOnce) {
  launch(request("trap '' TERM; echo ready; while :; do sleep 0.05; done"));
  ASSERT_TRUE(run_until_output("Z ready\n"));
  ASSERT_TRUE(m_launcher->stop(1, 1, StopMode::hard).ok());
  ASSERT_TRUE(run_until_exit());
  EXPECT_EQ(m_exit->signal, SIGKILL);
}

TEST_F(LauncherTest, StoppingAnUnknownAttemptIsNotFound) {
  Status stopped = m_launcher->stop(99, 1, StopMode::soft);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().code, ErrorCode::not_found);
}

TEST_F(LauncherTest, AfterADaemonRestartARunningAttemptIsAdoptedAndFinishes) {
  std::string go = (m_state.path() / "go").string();
  AttemptProcess first = launch(request("echo '@drover progress 1/2'; while [ ! -e " + go +
                                        " ]; do sleep 0.02; done; echo '@drover progress 2/2'; "
                                        "exit 5"));
  ASSERT_TRUE(run_until([&] { return m_events.size() == 1; }));
  restart_daemon();
  AttemptProcess adopted;
  auto outcome = m_launcher->reconcile(AttemptRef{1, 1, "token-1", 1}, &adopted);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(*outcome, Reconciled::adopted);
  EXPECT_EQ(adopted.shim_pid, first.shim_pid);
  EXPECT_EQ(adopted.job_pid, first.job_pid);
  EXPECT_EQ(adopted.shim_start_ticks, first.shim_start_ticks);
  ASSERT_TRUE(write_file_atomically(go, "").ok());
  ASSERT_TRUE(run_until_exit());
  EXPECT_EQ(m_exit->exit_code, 5);
  ASSERT_EQ(m_events.size(), 2u);  // seq 1 was applied before the restart
  EXPECT_EQ(m_events[1].seq, 2);
  EXPECT_EQ(m_events[1].current, 2);
}

TEST_F(LauncherTest, AnAttemptThatEndedWhileTheDaemonWasDownIsDeliveredAtOnce) {
  // No turn of the event loop: this launcher never sees the job start or end.
  ASSERT_TRUE(m_launcher->launch(request("echo '@drover message done'; exit 4")).ok());
  restart_daemon();
  std::filesystem::path dir = m_launcher->attempt_dir(1, 1);
  for (int i = 0; i < 1000 && !shim_finished(dir); ++i) {
    std::this_thread::sleep_for(10ms);
  }
  auto outcome = m_launcher->reconcile(AttemptRef{1, 1, "token-1", 0}, nullptr);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(*outcome, Reconciled::exited);
  ASSERT_TRUE(m_exit.has_value());  // before reconcile returned
  EXPECT_EQ(m_exit->exit_code, 4);
  ASSERT_EQ(m_events.size(), 1u);
  EXPECT_EQ(m_events[0].text, "done");
}

TEST_F(LauncherTest, AShimKilledWithItsJobHasVanished) {
  AttemptProcess process = launch(request("sleep 30"));
  restart_daemon();
  // The shim first: one that outlived its job would have recorded its end.
  ASSERT_EQ(::kill(process.shim_pid, SIGKILL), 0);
  ASSERT_TRUE(wait_until_gone(process.shim_pid));
  auto job = identify_process(process.job_pid);
  ASSERT_TRUE(job.ok());
  ASSERT_EQ(::kill(-process.job_pid, SIGKILL), 0);
  // The signal takes effect a moment later: until then it is a live orphan.
  for (int i = 0; i < 2000 && is_alive(job->pid, job->start_ticks, job->boot_id); ++i) {
    std::this_thread::sleep_for(5ms);
  }
  auto outcome = m_launcher->reconcile(AttemptRef{1, 1, "token-1", 0}, nullptr);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(*outcome, Reconciled::vanished);
  ASSERT_TRUE(m_exit.has_value());
  EXPECT_TRUE(m_exit->vanished);
  EXPECT_FALSE(m_exit->exit_code);
}

// Killed between its claim and its exit, with the job running on: the
// record alone (no spec.json) names the job and the grace of its stop.
TEST_F(LauncherTest, AShimKilledBetweenClaimAndExitIsRecoveredFromItsRecord) {
  LaunchRequest stubborn = request("trap '' TERM; while :; do sleep 0.05; done");
  stubborn.grace = 300;
  AttemptProcess process = launch(stubborn);
  std::filesystem::path dir = m_launcher->attempt_dir(1, 1);
  EXPECT_FALSE(std::filesystem::exists(dir / kSpecFile));
  m_warnings_expected = true;  // the orphan's stop is worth a warning
  restart_daemon();
  ASSERT_EQ(::kill(process.shim_pid, SIGKILL), 0);
  ASSERT_TRUE(wait_until_gone(process.shim_pid));
  auto outcome = m_launcher->reconcile(AttemptRef{1, 1, "token-1", 0}, nullptr);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(*outcome, Reconciled::stopping);
  ASSERT_TRUE(run_until_exit());
  EXPECT_TRUE(m_exit->vanished);
  EXPECT_EQ(m_exit->orphan_stopped, process.job_pid);
  EXPECT_FALSE(has_exit(dir));
  ASSERT_EQ(m_warnings.size(), 1u);
  EXPECT_TRUE(contains(m_warnings[0], "300 ms grace")) << m_warnings[0];
}

TEST_F(LauncherTest, ReconcilingBeforeTheShimClaimsMeansItNeverRuns) {
  LaunchRequest never = request("touch " + (m_state.path() / "ran").string());
  std::filesystem::path dir = m_launcher->attempt_dir(1, 1);
  AttemptPaths paths{dir, m_launcher->job_dir(1), m_launcher->artifacts_dir(1), {}};
  auto spec = prepare_attempt(never, paths);  // the daemon died before spawning
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  auto outcome = m_launcher->reconcile(AttemptRef{1, 1, "token-1", 0}, nullptr);
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(*outcome, Reconciled::never_started);
  EXPECT_FALSE(m_exit.has_value());
  ASSERT_TRUE(write_spec_file(dir, *spec).ok());
  auto late_shim = spawn_shim(shim_binary_for_tests(), dir);  // the shim starts after all
  ASSERT_TRUE(late_shim.ok());
  EXPECT_EQ(wait_for_exit(*late_shim)->exit_code, kShimClaimLost);
  EXPECT_FALSE(std::filesystem::exists(m_state.path() / "ran"));
  EXPECT_FALSE(has_exit(dir));
  // Asked again, the answer stays the same.
  EXPECT_EQ(*m_launcher->reconcile(AttemptRef{1, 1, "token-1", 0}, nullptr),
            Reconciled::never_started);
}

TEST_F(LauncherTest, HundredMegabytesOfOutputStayUnderTheCap) {
  LaunchRequest noisy = request("yes 0123456789012345678901234567890123456789 | head -c 100000000");
  noisy.log_max = 1 << 20;
  launch(noisy);
  ASSERT_TRUE(run_until_exit());
  EXPECT_EQ(m_exit->exit_code, 0);
  EXPECT_TRUE(m_exit->log_truncated);
  EXPECT_LE(m_exit->log_bytes, 1u << 20);
  std::string log = output();
  EXPECT_LE(log.size(), 1u << 20);
  EXPECT_TRUE(contains(log, "[drover] log truncated at 1MiB; further output discarded\n"));
}

TEST_F(LauncherTest, AMissingCommandEndsTheAttemptWithAStartErrorNamingIt) {
  LaunchRequest missing = request("");
  missing.argv = {"drover-no-such-program", "x"};
  launch(missing);
  ASSERT_TRUE(run_until_exit());
  EXPECT_TRUE(contains(m_exit->start_error, "drover-no-such-program")) << m_exit->start_error;
  EXPECT_EQ(m_started.count(1), 0u);
  EXPECT_FALSE(m_exit->vanished);
}

TEST_F(LauncherTest, AShimThatFailsBeforeClaimingEndsWithAStartError) {
  // A token too long for the claim's slot: the shim cannot claim, says why
  // in shim.log, and the Launcher reports that rather than a vanished attempt.
  LaunchRequest unclaimable = request("exit 0");
  unclaimable.token = std::string(kClaimSlot.size, 't');
  launch(unclaimable);
  ASSERT_TRUE(run_until_exit());
  EXPECT_TRUE(contains(m_exit->start_error, "does not fit")) << m_exit->start_error;
  EXPECT_FALSE(m_exit->vanished);
  EXPECT_EQ(m_started.count(1), 0u);
}

TEST_F(LauncherTest, AQuietAttemptMakesOneFileAndLeavesNoSpec) {
  LaunchRequest quiet = request("exit 0");
  quiet.argv = {"/bin/true"};
  quiet.job_folders = false;
  launch(quiet);
  ASSERT_TRUE(run_until_exit());
  EXPECT_EQ(m_exit->exit_code, 0);
  std::filesystem::path job = m_state.path() / "jobs" / "1";
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(job)) {
    names.push_back(std::filesystem::relative(entry.path(), job).string());
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"1", "1/" + std::string(kRecordFile)}));
}

TEST_F(LauncherTest, AnAttemptIsLaunchedOnlyOnce) {
  launch(request("exit 0"));
  auto again = m_launcher->launch(request("exit 0"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  ASSERT_TRUE(run_until_exit());
}

TEST_F(LauncherTest, AMissingShimIsALaunchError) {
  m_launcher = std::make_unique<Launcher>(
      m_io, Launcher::Options{m_state.path(), "/nonexistent/drover-shim", "n"}, AttemptCallbacks{});
  auto process = m_launcher->launch(request("exit 0"));
  ASSERT_FALSE(process.ok());
  EXPECT_TRUE(contains(process.error().message, "/nonexistent/drover-shim"));
}

TEST_F(LauncherTest, SeveralAttemptsAreFollowedAtOnce) {
  std::map<JobId, int> exit_codes;
  AttemptCallbacks callbacks;
  callbacks.on_exit = [&](const AttemptRef& ref, const AttemptExit& exit) {
    exit_codes[ref.job_id] = exit.exit_code.value_or(-1);
  };
  m_launcher = std::make_unique<Launcher>(
      m_io, Launcher::Options{m_state.path(), shim_binary_for_tests(), "n"}, callbacks);
  for (JobId id = 1; id <= 4; ++id) {
    ASSERT_TRUE(m_launcher->launch(request("sleep 0.1; exit " + std::to_string(id), id)).ok());
  }
  ASSERT_TRUE(run_until([&] { return exit_codes.size() == 4; }));
  for (JobId id = 1; id <= 4; ++id) EXPECT_EQ(exit_codes[id], id);
}

}  // namespace
}  // namespace drover
