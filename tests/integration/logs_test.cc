// Output capture: capped on disk, said to be truncated, followed live.
#include <fstream>
#include <future>

#include <gtest/gtest.h>

#include "harness.h"

namespace drover::testing {
namespace {

using namespace std::chrono_literals;

TEST(Logs, GigabyteOfOutputStaysUnderTheCapAndSaysSo) {
  Harness harness(std::string(Harness::kDefaultConfig) + "[retention]\nlog_max = \"1MiB\"\n");
  harness.start_daemon();
  long long id =
      harness.run({"sh", "-c", "head -c 1000000000 /dev/zero | tr '\\0' 'x' | fold -w 200"});
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

std::string text_of(const std::filesystem::path& path) {
  std::ifstream file(path);
  return std::string((std::istreambuf_iterator<char>(file)), {});
}

TEST(Logs, FollowStreamsLinesAsTheyAreWritten) {
  Harness harness;
  harness.start_daemon();
  // Three lines, then the job waits for the test before the last three.
  std::vector<std::string> job = harness.held_command("rest");
  job[2] = "echo line-1; echo line-2; echo line-3; " + job[2] +
           "; echo line-4; echo line-5; echo line-6";
  long long id = harness.run(job);
  // `logs -f` writes to a file the test reads while it runs.
  std::filesystem::path out = harness.state_dir() / "followed.txt";
  auto followed = std::async(std::launch::async, [&] {
    return run_program(
        {"sh", "-c", "exec \"$0\" --state-dir \"$1\" logs -f \"$2\" > \"$3\"",
         Harness::drover_bin(), harness.state_dir().string(), std::to_string(id), out.string()},
        60s);
  });
  EXPECT_TRUE(wait_until([&] { return text_of(out).find("line-3") != std::string::npos; }))
      << "the lines written so far were not followed: " << text_of(out);
  EXPECT_EQ(followed.wait_for(0s), std::future_status::timeout) << "returned before the job ended";
  EXPECT_EQ(text_of(out).find("line-4"), std::string::npos) << "the job was not held";
  harness.release("rest");
  CliResult ended = followed.get();
  EXPECT_EQ(ended.exit_code, 0) << ended.err;
  std::string text = text_of(out);
  for (int i = 1; i <= 6; ++i) {
    EXPECT_NE(text.find("line-" + std::to_string(i)), std::string::npos) << text;
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
