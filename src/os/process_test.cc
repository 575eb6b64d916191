#include "os/process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "os/environment.h"
#include "os/fd.h"
#include "os/pidfd.h"
#include "os/poll.h"
#include "os/process_identity.h"
#include "os/test_dir.h"

namespace drover {
namespace {

// Runs a shell snippet with its stdout in a file; returns status and output.
std::pair<ExitStatus, std::string> run_shell(const std::string& script, SpawnOptions options = {}) {
  TestDir dir;
  auto out = open_file(dir.path() / "out", O_WRONLY | O_CREAT | O_TRUNC);
  EXPECT_TRUE(out.ok());
  options.argv = {"/bin/sh", "-c", script};
  options.stdout_fd = out->get();
  auto pid = spawn_process(options);
  EXPECT_TRUE(pid.ok()) << pid.error().message;
  auto status = wait_for_exit(*pid);
  EXPECT_TRUE(status.ok());
  return {*status, *read_file(dir.path() / "out")};
}

TEST(SpawnProcess, ReportsExitCodes) {
  EXPECT_EQ(run_shell("exit 0").first.exit_code, 0);
  EXPECT_EQ(run_shell("exit 3").first.exit_code, 3);
  EXPECT_EQ(run_shell("exit 3").first.describe(), "exit code 3");
}

TEST(SpawnProcess, ReportsDeathBySignal) {
  ExitStatus status = run_shell("kill -KILL $$").first;
  EXPECT_EQ(status.signal, SIGKILL);
  EXPECT_FALSE(status.exit_code);
  EXPECT_EQ(status.describe(), "killed by SIGKILL");
}

TEST(SpawnProcess, ChildSeesOnlyStandardDescriptors) {
  auto leaked = open_file("/dev/null", O_RDONLY);  // would leak without CLOEXEC/closefrom
  ASSERT_TRUE(leaked.ok());
  EXPECT_EQ(run_shell("ls /proc/self/fd | sort -n | tr '\\n' ' '").second, "0 1 2 3 ");
  // (3 is the directory ls itself opens to list the folder.)
}

TEST(SpawnProcess, StdinIsDevNull) { EXPECT_EQ(run_shell("cat; echo done").second, "done\n"); }

TEST(SpawnProcess, AppliesCwdAndEnvironment) {
  SpawnOptions options;
  options.cwd = "/tmp";
  options.env = environment_with({{"DROVER_TEST_VALUE", "x y"}});
  EXPECT_EQ(run_shell("echo \"$PWD $DROVER_TEST_VALUE\"", options).second, "/tmp x y\n");
}

TEST(SpawnProcess, NewSessionAndProcessGroupMakeALeader) {
  SpawnOptions options;
  options.new_session = true;
  EXPECT_EQ(run_shell("ps -o sid= -o pgid= -p $$ | awk '{print ($1==$2)}'", options).second, "1\n");
  SpawnOptions group;
  group.new_process_group = true;
  EXPECT_EQ(run_shell("ps -o pid= -o pgid= -p $$ | awk '{print ($1==$2)}'", group).second, "1\n");
}

TEST(SpawnProcess, MissingProgramIsAnErrorNamingIt) {
  SpawnOptions options;
  options.argv = {"drover-no-such-program"};
  auto pid = spawn_process(options);
  ASSERT_FALSE(pid.ok());
  EXPECT_NE(pid.error().message.find("drover-no-such-program"), std::string::npos);
  EXPECT_NE(pid.error().message.find("No such file"), std::string::npos);
}

TEST(SpawnProcess, EmptyCommandIsRefused) { EXPECT_FALSE(spawn_process(SpawnOptions{}).ok()); }

TEST(Pidfd, BecomesReadableWhenTheProcessEndsAndReapsIt) {
  SpawnOptions options;
  options.argv = {"/bin/sh", "-c", "sleep 0.1; exit 7"};
  auto pid = spawn_process(options);
  ASSERT_TRUE(pid.ok());
  auto pidfd = open_pidfd(*pid);
  ASSERT_TRUE(pidfd.ok());
  EXPECT_FALSE(reap_via_pidfd(pidfd->get()));  // still running
  PollEntry entry{pidfd->get()};
  ASSERT_TRUE(wait_readable({&entry, 1}, 5000).ok());
  EXPECT_TRUE(entry.readable);
  auto status = reap_via_pidfd(pidfd->get());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->exit_code, 7);
}

TEST(Pidfd, SignalsTheProcessAndReportsAGoneOne) {
  SpawnOptions options;
  options.argv = {"sleep", "30"};
  auto pid = spawn_process(options);
  ASSERT_TRUE(pid.ok());
  auto pidfd = open_pidfd(*pid);
  ASSERT_TRUE(pidfd.ok());
  ASSERT_TRUE(signal_via_pidfd(pidfd->get(), SIGTERM).ok());
  EXPECT_EQ(wait_for_exit(*pid)->signal, SIGTERM);
  Status again = signal_via_pidfd(pidfd->get(), SIGTERM);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::not_found);
}

TEST(Pidfd, AZombieIsNotAlive) {
  SpawnOptions options;
  options.argv = {"sleep", "0.2"};
  auto pid = spawn_process(options);
  ASSERT_TRUE(pid.ok());
  auto identity = identify_process(*pid);
  ASSERT_TRUE(identity.ok());
  EXPECT_TRUE(is_alive(*pid, identity->start_ticks, identity->boot_id));
  auto pidfd = open_pidfd(*pid);
  ASSERT_TRUE(pidfd.ok());
  PollEntry entry{pidfd->get()};
  ASSERT_TRUE(wait_readable({&entry, 1}, 5000).ok());  // ended, not reaped yet
  EXPECT_FALSE(is_alive(*pid, identity->start_ticks, identity->boot_id));
  EXPECT_TRUE(wait_for_exit(*pid).ok());
}

}  // namespace
}  // namespace drover
