// The launcher process behind the Launcher (drover-shim --launcher): forked
// shims, one launcher reused by the daemons that follow, a new one when it
// was killed, drover-shim exec'd when none can be had, and nothing left
// unreaped. Real processes and the real drover-shim.
#include "exec/launcher_link.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>

#include "exec/launcher.h"
#include "os/atomic_file.h"
#include "os/fd.h"
#include "os/test_dir.h"
#include "shim/launcher_for_tests.h"
#include "shim/shim_binary_for_tests.h"

namespace drover {
namespace {

using namespace std::chrono_literals;

// Field 4 of /proc/PID/stat, counted after the command name's last ')'.
int parent_of(int pid) {
  auto stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return 0;
  std::size_t close = stat->rfind(')');
  if (close == std::string::npos) return 0;
  int parent = 0;
  char state = 0;
  std::sscanf(stat->c_str() + close + 1, " %c %d", &state, &parent);
  return parent;
}

// The zombies among the children of `parent`.
int zombie_children(int parent) {
  int zombies = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    auto stat = read_file(entry.path() / "stat");
    if (!stat) continue;
    std::size_t close = stat->rfind(')');
    int ppid = 0;
    char state = 0;
    if (close == std::string::npos ||
        std::sscanf(stat->c_str() + close + 1, " %c %d", &state, &ppid) != 2) {
      continue;
    }
    if (ppid == parent && state == 'Z') ++zombies;
  }
  return zombies;
}

class LauncherLinkTest : public ::testing::Test {
 protected:
  LauncherLinkTest() { restart_daemon(); }
  ~LauncherLinkTest() override { kill_launcher_for_tests(m_state.path()); }

  void restart_daemon() {
    m_launcher.reset();
    AttemptCallbacks callbacks;
    callbacks.on_started = [this](const AttemptRef& ref, const AttemptProcess& process) {
      m_started[ref.job_id] = process;
    };
    callbacks.on_exit = [this](const AttemptRef& ref, const AttemptExit& exit) {
      m_exits[ref.job_id] = exit;
    };
    m_launcher = std::make_unique<Launcher>(
        m_io, Launcher::Options{m_state.path(), shim_binary_for_tests(), "test-node"},
        std::move(callbacks));
  }

  LaunchRequest request(JobId id, std::vector<std::string> argv) {
    LaunchRequest request;
    request.job_id = id;
    request.attempt = 1;
    request.token = "token-" + std::to_string(id);
    request.argv = std::move(argv);
    return request;
  }

  // A job that runs until release() (a file appears).
  LaunchRequest held(JobId id) {
    std::string gate = (m_state.path() / "gate").string();
    return request(id, {"/bin/sh", "-c", "while [ ! -e " + gate + " ]; do sleep 0.02; done"});
  }
  void release() { ASSERT_TRUE(write_file_atomically(m_state.path() / "gate", "").ok()); }

  AttemptProcess launch_and_start(const LaunchRequest& request) {
    auto process = m_launcher->launch(request);
    EXPECT_TRUE(process.ok()) << process.error().message;
    EXPECT_TRUE(run_until([&] { return m_started.count(request.job_id) != 0; }));
    return process.ok() ? *process : AttemptProcess{};
  }

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

  bool run_until_exit(JobId id) {
    return run_until([&] { return m_exits.count(id) != 0; });
  }

  boost::asio::io_context m_io;
  TestDir m_state;
  std::unique_ptr<Launcher> m_launcher;
  std::map<JobId, AttemptProcess> m_started;
  std::map<JobId, AttemptExit> m_exits;
};

TEST_F(LauncherLinkTest, ShimsAreForkedByOneLauncherThatTheNextDaemonReuses) {
  AttemptProcess first = launch_and_start(held(1));
  int launcher = launcher_pid_for_tests(m_state.path());
  ASSERT_GT(launcher, 0);
  EXPECT_EQ(parent_of(first.shim_pid), launcher);
  restart_daemon();
  AttemptProcess second = launch_and_start(held(2));
  EXPECT_EQ(launcher_pid_for_tests(m_state.path()), launcher);
  EXPECT_EQ(parent_of(second.shim_pid), launcher);
  release();
  ASSERT_TRUE(run_until_exit(2));
  EXPECT_EQ(m_exits[2].exit_code, 0);
}

TEST_F(LauncherLinkTest, AKilledLauncherIsReplacedAndItsShimsRunOn) {
  launch_and_start(held(1));
  int killed = launcher_pid_for_tests(m_state.path());
  ASSERT_GT(killed, 0);
  kill_launcher_for_tests(m_state.path());
  AttemptProcess second = launch_and_start(held(2));
  int replacement = launcher_pid_for_tests(m_state.path());
  ASSERT_GT(replacement, 0);
  EXPECT_NE(replacement, killed);
  EXPECT_EQ(parent_of(second.shim_pid), replacement);
  release();
  ASSERT_TRUE(run_until([&] { return m_exits.size() == 2; }));
  for (JobId id : {1, 2}) {
    EXPECT_EQ(m_exits[id].exit_code, 0) << "job " << id;
    EXPECT_FALSE(m_exits[id].vanished) << "job " << id;
  }
}

TEST_F(LauncherLinkTest, WhenNoLauncherCanStartTheShimIsExecd) {
  // Nothing can listen where a folder stands.
  std::filesystem::create_directory(m_state.path() / kLauncherSocket);
  AttemptProcess process = launch_and_start(held(1));
  EXPECT_EQ(parent_of(process.shim_pid), ::getpid());
  EXPECT_EQ(launcher_pid_for_tests(m_state.path()), 0);
  release();
  ASSERT_TRUE(run_until_exit(1));
  EXPECT_EQ(m_exits[1].exit_code, 0);
}

TEST_F(LauncherLinkTest, NoZombieRemainsAfterAThousandJobs) {
  constexpr JobId kJobs = 1000;
  for (JobId id = 1; id <= kJobs; ++id) {
    ASSERT_TRUE(m_launcher->launch(request(id, {"/bin/true"})).ok());
    // Two in flight, as a queue with parallel = 2 would have them.
    ASSERT_TRUE(run_until([&] { return static_cast<JobId>(m_exits.size()) + 2 >= id; }));
  }
  ASSERT_TRUE(run_until([&] { return static_cast<JobId>(m_exits.size()) == kJobs; }, 60s));
  for (const auto& [id, exit] : m_exits) ASSERT_EQ(exit.exit_code, 0) << "job " << id;
  int launcher = launcher_pid_for_tests(m_state.path());
  ASSERT_GT(launcher, 0);
  // The launcher reaps on SIGCHLD: the last shim's zombie may linger a moment.
  ASSERT_TRUE(run_until([&] { return zombie_children(launcher) == 0; }));
  EXPECT_EQ(zombie_children(::getpid()), 0);
}

}  // namespace
}  // namespace drover
