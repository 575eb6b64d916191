// Output capture: capped on disk, said to be truncated, followed live.
#include <thread>

#include <gtest/gtest.h>

#include "harness.h"

namespace drover::testing {
namespace {

using namespace std::chrono_literals;

TEST(Logs, GigabyteOfOutputStaysUnderTheCapAndSaysSo) {
  Harness harness(std::string(Harness::kDefaultConfig) + "[retention]\nlog_max = \"1MiB\"\n");
  harness.start_daemon();
  long long id = harness.run({"sh", "-c", "head -c 1000000000 /dev/zero | tr '\\0' 'x' | fold -w 200"});
  Json job = harness.wait_for_state(id, {"completed", "failed"}, 240s);
  EXPECT_EQ(job["state"], "completed");
  auto size = std::filesystem::file_size(harness.attempt_dir(id, 1) / "output.log");
  EXPECT_LE(size, 1024u * 1024u + 4096u);
  EXPECT_GT(size, 1000u * 1000u);
  EXPECT_TRUE(job["attempts"][0]["log_truncated"].get<bool>());
  CliResult logs = harness.cli({"logs", std::to_string(id), "-n", "3"});
  EXPECT_EQ(logs.exit_code, 0);
  EXPECT_NE(logs.err.find("truncated"), std::string::npos) << logs.err;
}

TEST(Logs, FollowStreamsLinesAsTheyAreWritten) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run(
      {"sh", "-c", "for i in 1 2 3 4 5 6; do echo line-$i; sleep 0.3; done"});
  auto before = std::chrono::steady_clock::now();
  CliResult followed = harness.cli({"logs", "-f", std::to_string(id)}, 30s);
  EXPECT_EQ(followed.exit_code, 0) << followed.err;
  EXPECT_GE(std::chrono::steady_clock::now() - before, 1s) << "returned before the job ended";
  for (int i = 1; i <= 6; ++i) {
    EXPECT_NE(followed.out.find("line-" + std::to_string(i)), std::string::npos) << followed.out;
  }
}

TEST(Logs, TailShowsTheLastLines) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run({"seq", "1", "100"});
  harness.wait_for_state(id, {"completed"});
  CliResult logs = harness.cli({"logs", std::to_string(id), "-n", "2"});
  EXPECT_NE(logs.out.find(" 99"), std::string::npos) << logs.out;
  EXPECT_NE(logs.out.find(" 100"), std::string::npos) << logs.out;
  EXPECT_EQ(logs.out.find(" 98\n"), std::string::npos) << logs.out;
}

}  // namespace
}  // namespace drover::testing
