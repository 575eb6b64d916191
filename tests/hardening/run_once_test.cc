// "A job must never run twice": a dead shim, a pause loop or a full disk
// must not lead to a second copy of a job beside a live one, nor to a final
// state that is not true. Each test drives the real daemon, shim and job
// processes.
#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <thread>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness.h"
#include "os/test_dir.h"

namespace drover::testing {
namespace {

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path);
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

using namespace std::chrono_literals;

std::string last_reason(const Json& job) { return job["history"].back().value("reason", ""); }

// A job that starts a child in its own process group and writes the child's
// pid to `child_file`, then waits: both must be stopped when the shim dies.
std::vector<std::string> job_with_a_child(const std::filesystem::path& child_file) {
  return {"sh", "-c", "sleep 300 & echo $! > " + child_file.string() + "; wait"};
}

pid_t read_pid(const std::filesystem::path& file) {
  std::ifstream in(file);
  pid_t pid = -1;
  in >> pid;
  return pid;
}

// A running job with a child, its pids known.
struct JobWithAChild {
  long long id = 0;
  pid_t job_pid = -1;
  pid_t child = -1;
};

JobWithAChild start_job_with_a_child(Harness& harness) {
  std::filesystem::path child_file = harness.state_dir() / "child.pid";
  JobWithAChild started;
  started.id = harness.run(job_with_a_child(child_file));
  started.job_pid = harness.wait_for_job_pid(started.id, 1);
  if (wait_for_file(child_file)) started.child = read_pid(child_file);
  return started;
}

void expect_stopped_orphan(const Json& job, pid_t job_pid, pid_t child) {
  EXPECT_FALSE(process_alive(job_pid)) << "the job process still runs beside a concluded attempt";
  EXPECT_FALSE(process_alive(child)) << "a process of the job's group still runs";
  std::string reason = last_reason(job);
  EXPECT_NE(reason.find("shim vanished; its job process " + std::to_string(job_pid) +
                        " was still running and was stopped"),
            std::string::npos)
      << reason;
}

TEST(RunOnce, OrphanedJobIsStoppedWhenItsShimDiedWhileTheDaemonWasDown) {
  Harness harness;
  harness.start_daemon();
  JobWithAChild started = start_job_with_a_child(harness);
  ASSERT_GT(started.child, 0);
  harness.kill_daemon();
  ASSERT_EQ(::kill(harness.shim_pid(started.id, 1), SIGKILL), 0);
  harness.start_daemon();
  Json job = harness.wait_for_state(started.id, {"interrupted", "failed", "completed"});
  EXPECT_EQ(job["state"], "interrupted");
  expect_stopped_orphan(job, started.job_pid, started.child);
}

TEST(RunOnce, OrphanedJobIsStoppedWhenItsShimDiesUnderARunningDaemon) {
  Harness harness;
  harness.start_daemon();
  JobWithAChild started = start_job_with_a_child(harness);
  ASSERT_GT(started.child, 0);
  ASSERT_EQ(::kill(harness.shim_pid(started.id, 1), SIGKILL), 0);
  Json job = harness.wait_for_state(started.id, {"interrupted", "failed", "completed"});
  EXPECT_EQ(job["state"], "interrupted");
  expect_stopped_orphan(job, started.job_pid, started.child);
}

// A job that ignores SIGTERM still ends: SIGKILL follows the type's grace.
TEST(RunOnce, OrphanIgnoringTermIsKilledAfterTheGrace) {
  Harness harness(std::string(Harness::kDefaultConfig) +
                  "[types.stubborn]\ncommand = [\"sh\", \"-c\", \"trap '' TERM; touch "
                  "\\\"$DROVER_JOB_DIR/../trapped\\\"; while :; do sleep 1; done\"]\n"
                  "grace = \"1s\"\n");
  harness.start_daemon();
  CliResult submitted = harness.cli({"submit", "stubborn"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  long long id = std::atoll(submitted.out.c_str());
  pid_t job_pid = harness.wait_for_job_pid(id, 1);
  ASSERT_TRUE(wait_for_file(harness.state_dir() / "jobs" / std::to_string(id) / "trapped"));
  harness.kill_daemon();
  ASSERT_EQ(::kill(harness.shim_pid(id, 1), SIGKILL), 0);
  harness.start_daemon();
  Json job = harness.wait_for_state(id, {"interrupted", "failed", "completed"});
  EXPECT_EQ(job["state"], "interrupted");
  EXPECT_FALSE(process_alive(job_pid));
  EXPECT_NE(last_reason(job).find("was still running and was stopped"), std::string::npos)
      << last_reason(job);
}

// The job has ended, but a child it left behind holds its output open, so
// the shim is still draining (up to a second or two) when it is killed: the
// job's true exit was written at its end, before the drained one, and is what the
// daemon records, instead of an interruption that a resume would run again.
TEST(RunOnce, AShimKilledWhileDrainingTheOutputLeavesTheJobsTrueExit) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run({"sh", "-c", "sleep 30 & exit 7"});
  ASSERT_GT(harness.wait_for_job_pid(id, 1), 0);
  // The shim has recorded the exit and is draining (for about a second,
  // the child holds the output open): quick polls catch it in between.
  std::filesystem::path attempt = harness.attempt_dir(id, 1);
  ASSERT_TRUE(wait_until(
      [&] { return read_text(attempt / "attempt.record").find("exit_code") != std::string::npos; },
      30s, 2ms));
  ::kill(harness.shim_pid(id, 1), SIGKILL);
  ASSERT_EQ(read_text(attempt / "attempt.record").find("drained"), std::string::npos)
      << "the shim had finished draining";
  Json job = harness.wait_for_state(id, {"interrupted", "failed", "completed"});
  EXPECT_EQ(job["state"], "failed") << last_reason(job);
  EXPECT_NE(job["error"].dump().find("exit code 7"), std::string::npos) << job["error"];
}

// `@drover pause until=+0s` and exit, again and again: without a floor the
// job restarted ~90 times a second forever. Now each pause waits at least
// the type's backoff (doubling), and the tenth in a row fails the job.
TEST(RunOnce, AJobPausingWithoutProgressFailsAfterTenPausesInARow) {
  Harness harness(std::string(Harness::kDefaultConfig) +
                  "[types.pauser]\ncommand = [\"sh\", \"-c\", "
                  "\"echo '@drover pause until=+0s upstream busy'\"]\n"
                  "backoff = \"20ms\"\nmax_backoff = \"200ms\"\n");
  harness.start_daemon();
  auto before = std::chrono::steady_clock::now();
  CliResult submitted = harness.cli({"submit", "pauser"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  long long id = std::atoll(submitted.out.c_str());
  Json job = harness.wait_for_state(id, {"failed"}, 60s);
  EXPECT_EQ(last_reason(job),
            "paused 10 times in a row without progress; last reason: upstream busy");
  ASSERT_EQ(job["attempts"].size(), 10u);
  // Each resume waited at least the floor: 20, 40, 80, 160 ms, then 200 (the cap) five times.
  EXPECT_GE(std::chrono::steady_clock::now() - before, 1300ms);
  int paused = 0;
  for (const Json& step : job["history"]) paused += step["to"] == "paused";
  EXPECT_EQ(paused, 9);
}

// Progress between pauses is what the job is for: the count starts again.
TEST(RunOnce, ProgressBetweenPausesResetsTheCount) {
  Harness harness(std::string(Harness::kDefaultConfig) +
                  "[types.worker]\ncommand = [\"sh\", \"-c\", "
                  "\"n=$(cat \\\"$DROVER_JOB_DIR/n\\\" 2>/dev/null || echo 0); "
                  "echo $((n+1)) > \\\"$DROVER_JOB_DIR/n\\\"; "
                  "echo \\\"@drover progress $((n+1))/14\\\"; "
                  "[ $n -ge 13 ] || echo '@drover pause until=+0s next batch'\"]\n"
                  "backoff = \"10ms\"\nmax_backoff = \"20ms\"\n");
  harness.start_daemon();
  CliResult submitted = harness.cli({"submit", "worker"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  long long id = std::atoll(submitted.out.c_str());
  Json job = harness.wait_for_state(id, {"completed", "failed"}, 60s);
  EXPECT_EQ(job["state"], "completed") << last_reason(job);
  EXPECT_EQ(job["attempts"].size(), 14u);
}

// A real full disk: a tmpfs of a few MiB mounted over the state dir, so the
// database, the attempt folders and the shim's files all share it, filled
// to the last byte by one file the test then removes. Mounting needs root
// (CAP_SYS_ADMIN); without it the test is skipped and says why. Chosen over
// a loop device (needs losetup, mkfs and /dev/loop*, missing in most
// containers) and over filling the machine's real file system (it would
// break every other test and build running beside this one).
class SmallDisk {
 public:
  SmallDisk(const std::filesystem::path& dir, const std::string& size) : m_dir(dir) {
    std::ifstream config_file(dir / "drover.toml");
    std::string config((std::istreambuf_iterator<char>(config_file)),
                       std::istreambuf_iterator<char>());
    std::string options = "size=" + size + ",mode=0700";
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      m_error = std::strerror(errno);
      return;
    }
    m_mounted = true;
    std::ofstream(dir / "drover.toml") << config;  // the mount hid it
  }
  ~SmallDisk() {
    if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return m_mounted; }
  const std::string& error() const { return m_error; }

  // Writes a filler file until the file system refuses another byte.
  void fill() {
    int fd = ::open((m_dir / "filler").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    std::string block(4096, 'x');
    for (std::size_t size = block.size(); size > 0;) {
      ssize_t written = ::write(fd, block.data(), size);
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0) size /= 2;  // the last blocks: smaller writes, down to one byte
    }
    ::close(fd);
  }
  void free_space() { std::filesystem::remove(m_dir / "filler"); }

 private:
  std::filesystem::path m_dir;
  bool m_mounted = false;
  std::string m_error;
};

// `drover show ID --json` until the job is in one of `states`; an answer
// refused meanwhile (the store cannot be written) is no failure.
Json wait_for_stored_state(Harness& harness, long long id, const std::set<std::string>& states) {
  Json job;
  bool reached = wait_until(
      [&] {
        CliResult shown = harness.cli({"show", std::to_string(id), "--json"});
        if (shown.exit_code == 0) job = shown.json();
        return job.is_object() && states.count(job.value("state", "")) > 0;
      },
      60s, 50ms);
  if (reached) return job;
  ADD_FAILURE() << "job " << id << " did not reach the expected state; last: " << job.dump(2);
  return job;
}

TEST(RunOnce, ExitStatusOfAJobEndingOnAFullDiskIsKeptAndStored) {
  Harness harness;
  SmallDisk disk(harness.state_dir(), "16m");
  if (!disk.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs over the state dir (" << disk.error()
                 << "); a real full disk needs root";
  }
  harness.start_daemon();
  // The go signal lives outside the full file system.
  TestDir go_dir;
  std::filesystem::path go = go_dir.path() / "go";
  long long id =
      harness.run({"sh", "-c", "while [ ! -e " + go.string() + " ]; do sleep 0.05; done; exit 7"});
  ASSERT_GT(harness.wait_for_job_pid(id, 1), 0);
  disk.fill();
  std::ofstream(go).close();
  std::filesystem::path record = harness.attempt_dir(id, 1) / "attempt.record";
  wait_until([&] { return read_text(record).find("exit_code") != std::string::npos; });
  EXPECT_NE(read_text(record).find("\"exit_code\":7"), std::string::npos)
      << "the shim did not record the exit in the space reserved for it";
  // While the disk is full an answer is refused, or it is true.
  CliResult shown = harness.cli({"show", std::to_string(id), "--json"});
  if (shown.exit_code == 0) {
    EXPECT_NE(shown.json()["state"], "interrupted") << shown.out;
  } else {
    EXPECT_NE(shown.err.find("store cannot be written"), std::string::npos) << shown.err;
  }
  disk.free_space();
  Json job = wait_for_stored_state(harness, id, {"failed", "interrupted", "completed"});
  EXPECT_EQ(job["state"], "failed") << last_reason(job);
  EXPECT_EQ(job["attempts"][0]["exit_code"], 7);
  // The store agrees with what was answered: a fresh daemon reads the same.
  harness.kill_daemon();
  harness.start_daemon();
  Json stored = harness.show(id);
  EXPECT_EQ(stored["state"], "failed");
  EXPECT_EQ(stored["attempts"][0]["exit_code"], 7);
  EXPECT_EQ(last_reason(stored), "exit code 7");
  harness.stop_daemon();
}

}  // namespace
}  // namespace drover::testing
