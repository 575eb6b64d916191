// drover-shim run for real on an attempt folder written by the test.
#include "shim/shim.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "os/atomic_file.h"
#include "os/fd.h"
#include "os/process.h"
#include "os/test_dir.h"
#include "protocol/attempt_record.h"
#include "protocol/event_record.h"
#include "protocol/shim_files.h"
#include "shim/shim_binary_for_tests.h"

namespace drover {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class ShimRun : public ::testing::Test {
 protected:
  void write_spec(const std::string& script, std::uint64_t log_max = 1 << 20, Millis grace = 500) {
    ShimSpec spec;
    spec.job_id = 7;
    spec.attempt = 1;
    spec.token = "token-7-1";
    spec.argv = {"/bin/sh", "-c", script};
    spec.env = {{"DROVER_TEST_VALUE", "from spec"}};
    spec.cwd = dir().string();
    spec.log_max = log_max;
    spec.grace = grace;
    spec.redact_patterns = redact_patterns;
    ASSERT_TRUE(write_file_atomically(dir() / kSpecFile, format_spec(spec)).ok());
  }

  int start_shim() {
    SpawnOptions options;
    options.argv = {shim_binary_for_tests().string(), dir().string()};
    auto pid = spawn_process(options);
    EXPECT_TRUE(pid.ok()) << pid.error().message;
    return pid.ok() ? *pid : -1;
  }

  int run_shim(const std::string& script) {
    write_spec(script);
    return *wait_for_exit(start_shim())->exit_code;
  }

  // Waits until the job printed "ready" (so its traps are set).
  void wait_until_ready(int shim_pid) {
    for (int i = 0; i < 500; ++i) {
      if (contains(output(), "Z ready\n")) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(shim_pid, SIGKILL);
    FAIL() << "the job never became ready";
  }

  ShimExit exit_record() {
    auto text = read_file(dir() / kRecordFile);
    EXPECT_TRUE(text.ok());
    auto exit = parse_record_exit(text.ok() ? *text : "");
    EXPECT_TRUE(exit.ok());
    return exit.ok() ? *exit : ShimExit{};
  }

  std::string output() {
    auto text = read_file(dir() / kOutputFile);
    return text.ok() ? *text : "";
  }
  const std::filesystem::path& dir() const { return m_dir.path(); }

  std::vector<std::string> redact_patterns;

 private:
  TestDir m_dir;
};

TEST_F(ShimRun, RecordsTheExitCodeAndTheOutput) {
  EXPECT_EQ(run_shim("echo hello; echo oops >&2; exit 3"), kShimDone);
  ShimExit exit = exit_record();
  EXPECT_EQ(exit.token, "token-7-1");
  EXPECT_EQ(exit.exit_code, 3);
  EXPECT_FALSE(exit.signal);
  EXPECT_EQ(exit.stop, ShimStop::none);
  EXPECT_TRUE(contains(output(), "Z hello\n"));
  EXPECT_TRUE(contains(output(), "Z err oops\n"));
  EXPECT_EQ(exit.log_bytes, output().size());
}

TEST_F(ShimRun, RecordsDeathBySignal) {
  EXPECT_EQ(run_shim("kill -KILL $$"), kShimDone);
  EXPECT_EQ(exit_record().signal, SIGKILL);
  EXPECT_FALSE(exit_record().exit_code);
}

TEST_F(ShimRun, TheJobSeesOnlyStandardDescriptors) {
  EXPECT_EQ(run_shim("ls -l /proc/self/fd"), kShimDone);
  std::string log = output();
  EXPECT_TRUE(contains(log, " 0 -> /dev/null"));
  EXPECT_TRUE(contains(log, " 1 -> pipe:"));
  EXPECT_TRUE(contains(log, " 2 -> pipe:"));
  // 3 is the folder ls is listing; nothing else may be open.
  EXPECT_TRUE(contains(log, " 3 -> /proc/"));
  EXPECT_FALSE(contains(log, " 4 -> "));
}

TEST_F(ShimRun, TheJobGetsTheSpecsEnvironmentCwdAndItsOwnProcessGroup) {
  EXPECT_EQ(run_shim("echo \"env=$DROVER_TEST_VALUE cwd=$(pwd)\"; "
                     "ps -o pid= -o pgid= -p $$ | awk '{print \"leader=\" ($1==$2)}'"),
            kShimDone);
  EXPECT_TRUE(contains(output(), "env=from spec cwd=" + dir().string()));
  EXPECT_TRUE(contains(output(), "leader=1"));
}

TEST_F(ShimRun, WritesEventsAndWarnsAboutMalformedOnes) {
  EXPECT_EQ(run_shim("echo '@drover total 2'; echo '@drover progress 1/2 a'; "
                     "echo '@drover progress x'; echo '@drover item ok a'"),
            kShimDone);
  std::string records = *read_file(dir() / kEventsFile);
  std::vector<JobEvent> events;
  for (std::size_t start = 0, end; (end = records.find('\n', start)) != std::string::npos;
       start = end + 1) {
    auto event = parse_event_record(records.substr(start, end - start));
    ASSERT_TRUE(event.ok());
    events.push_back(*event);
  }
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].kind, EventKind::total);
  EXPECT_EQ(events[1].current, 1);
  EXPECT_EQ(events[2].kind, EventKind::item);
  EXPECT_EQ(events[2].seq, 3);
  EXPECT_TRUE(contains(output(), "Z @drover progress 1/2 a\n"));  // events stay in the log
  EXPECT_TRUE(contains(output(), "[drover] warning: stdout line 3: bad `progress` event"));
}

TEST_F(ShimRun, RedactsSecretsTheJobWritesInTwoPiecesInTheLogAndInEvents) {
  redact_patterns = {"sk-[a-z0-9]+", "[unclosed"};
  // Each sleep makes the halves two separate reads of the pipe.
  EXPECT_EQ(run_shim("printf 'push https://bob:ghp_sec'; sleep 0.3; "
                     "printf 'ret99@github.com/x\\n'; "
                     "printf 'key sk-ab'; sleep 0.3; echo 'c123 end'; "
                     "echo '@drover message Authorization: Bearer tok42'"),
            kShimDone);
  std::string log = output();
  EXPECT_TRUE(contains(log, "Z push https://bob:***@github.com/x\n")) << log;
  EXPECT_TRUE(contains(log, "Z key *** end\n")) << log;
  EXPECT_TRUE(contains(log, "Z @drover message Authorization: Bearer ***\n")) << log;
  for (const char* secret : {"ghp_sec", "ret99", "sk-ab", "c123", "tok42"}) {
    EXPECT_FALSE(contains(log, secret)) << secret;
  }
  EXPECT_TRUE(contains(log, "[drover] warning: redact pattern 2 \"[unclosed\""));
  auto event = parse_event_record(*read_file(dir() / kEventsFile));
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->text, "Authorization: Bearer ***");  // redacted before it is parsed
}

TEST_F(ShimRun, AMissingProgramIsExit127WithTheReason) {
  write_spec("unused");
  ShimSpec spec = *parse_spec(*read_file(dir() / kSpecFile));
  spec.argv = {"drover-no-such-program"};
  ASSERT_TRUE(write_file_atomically(dir() / kSpecFile, format_spec(spec)).ok());
  EXPECT_EQ(*wait_for_exit(start_shim())->exit_code, kShimDone);
  EXPECT_EQ(exit_record().exit_code, 127);
  EXPECT_TRUE(contains(exit_record().error, "drover-no-such-program"));
  EXPECT_TRUE(contains(output(), "[drover] cannot start the job"));
}

TEST_F(ShimRun, AnAbandonedAttemptIsNeverRun) {
  write_spec("touch ran");
  ShimClaim abandoned;
  abandoned.token = "token-7-1";
  abandoned.abandoned = true;
  ASSERT_TRUE(
      create_file_exclusively(dir() / kRecordFile, *format_new_record(abandoned, false)).ok());
  EXPECT_EQ(*wait_for_exit(start_shim())->exit_code, kShimClaimLost);
  EXPECT_FALSE(std::filesystem::exists(dir() / "ran"));
  EXPECT_FALSE(std::filesystem::exists(dir() / kExitFile));
  std::string record = *read_file(dir() / kRecordFile);
  EXPECT_TRUE(parse_record_claim(record)->abandoned);
  EXPECT_EQ(parse_record_exit(record).error().code, ErrorCode::not_found);
}

TEST_F(ShimRun, AQuietJobLeavesItsRecordAlone) {
  EXPECT_EQ(run_shim("exit 0"), kShimDone);
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  // spec.json is the test's: a launcher hands the spec over instead.
  EXPECT_EQ(names, (std::vector<std::string>{std::string(kRecordFile), std::string(kSpecFile)}));
  std::string record = *read_file(dir() / kRecordFile);
  EXPECT_EQ(record.size(), kRecordSize);
  auto claim = parse_record_claim(record);
  ASSERT_TRUE(claim.ok()) << claim.error().message;
  EXPECT_EQ(claim->token, "token-7-1");
  EXPECT_EQ(claim->grace, 500);
  EXPECT_GT(claim->job_pid.value_or(0), 0);
  EXPECT_GT(claim->job_start_ticks, 0u);
  EXPECT_TRUE(exit_record().drained);
}

TEST_F(ShimRun, SoftStopLetsTheJobCleanUp) {
  write_spec("trap 'echo cleaning up; exit 0' TERM; echo ready; while :; do sleep 0.05; done");
  int shim = start_shim();
  wait_until_ready(shim);
  ASSERT_EQ(::kill(shim, SIGTERM), 0);
  EXPECT_EQ(*wait_for_exit(shim)->exit_code, kShimDone);
  EXPECT_EQ(exit_record().exit_code, 0);
  EXPECT_EQ(exit_record().stop, ShimStop::soft);
  EXPECT_TRUE(contains(output(), "cleaning up"));
}

TEST_F(ShimRun, SoftStopKillsAJobThatIgnoresTermAfterTheGrace) {
  write_spec("trap '' TERM; echo ready; while :; do sleep 0.05; done", 1 << 20, 200);
  int shim = start_shim();
  wait_until_ready(shim);
  ASSERT_EQ(::kill(shim, SIGTERM), 0);
  EXPECT_EQ(*wait_for_exit(shim)->exit_code, kShimDone);
  EXPECT_EQ(exit_record().signal, SIGKILL);
  EXPECT_EQ(exit_record().stop, ShimStop::soft);
  EXPECT_TRUE(contains(output(), "grace period over"));
}

TEST_F(ShimRun, HardStopKillsAtOnceAndIgnoredSignalsDoNothing) {
  write_spec("trap '' TERM; echo ready; while :; do sleep 0.05; done", 1 << 20, 60'000);
  int shim = start_shim();
  wait_until_ready(shim);
  for (int ignored : {SIGHUP, SIGINT, SIGPIPE}) ASSERT_EQ(::kill(shim, ignored), 0);
  ASSERT_EQ(::kill(shim, SIGUSR1), 0);
  EXPECT_EQ(*wait_for_exit(shim)->exit_code, kShimDone);
  EXPECT_EQ(exit_record().signal, SIGKILL);
  EXPECT_EQ(exit_record().stop, ShimStop::hard);
}

TEST_F(ShimRun, OutputHeldOpenByALeftoverProcessDoesNotHangTheShim) {
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(run_shim("sleep 30 & echo left a child behind"), kShimDone);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_EQ(exit_record().exit_code, 0);
  EXPECT_TRUE(contains(output(), "killing its process group"));
}

TEST_F(ShimRun, HugeOutputStaysUnderTheCapAndTheJobNeverBlocks) {
  write_spec("yes 0123456789012345678901234567890123456789 | head -c 100000000; echo finished >&2",
             1 << 20);
  EXPECT_EQ(*wait_for_exit(start_shim())->exit_code, kShimDone);
  EXPECT_EQ(exit_record().exit_code, 0);
  EXPECT_TRUE(exit_record().log_truncated);
  std::string log = output();
  EXPECT_LE(log.size(), 1u << 20);
  EXPECT_TRUE(contains(log, "[drover] log truncated at 1MiB; further output discarded\n"));
  EXPECT_FALSE(contains(log, "finished"));
}

TEST_F(ShimRun, VeryLongLinesAreCut) {
  EXPECT_EQ(run_shim("head -c 600000 /dev/zero | tr '\\0' x; echo; echo after"), kShimDone);
  std::string log = output();
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 4);  // 256K + 256K + rest + "after"
  EXPECT_TRUE(contains(log, "Z after\n"));
}

}  // namespace
}  // namespace drover
