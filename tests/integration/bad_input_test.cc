// Bad input gets a clear error and the right exit code, and changes nothing
// that was stored.
#include <fstream>

#include <gtest/gtest.h>

#include "harness.h"

namespace drover::testing {
namespace {

bool mentions(const CliResult& result, const std::string& text) {
  return result.err.find(text) != std::string::npos || result.out.find(text) != std::string::npos;
}

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    harness.start_daemon();
    existing = harness.run({"true"});
    harness.wait_for_state(existing, {"completed"});
    before = harness.cli({"ls", "--all", "--json"}).json();
  }
  void expect_nothing_changed() {
    EXPECT_EQ(harness.cli({"ls", "--all", "--json"}).json(), before);
  }

  Harness harness{std::string(Harness::kDefaultConfig) +
                  "[types.clone]\ncommand = [\"true\", \"{url}\"]\n"
                  "params.url = { type = \"string\", required = true }\n"};
  long long existing = 0;
  Json before;
};

TEST_F(BadInput, UnknownJobIdExitsThreeWithAMessage) {
  for (const char* command : {"show", "cancel", "logs", "rm", "resume"}) {
    CliResult result = harness.cli({command, "999"});
    EXPECT_EQ(result.exit_code, 3) << command << ": " << result.err;
    EXPECT_TRUE(mentions(result, "999")) << command << ": " << result.err;
  }
  expect_nothing_changed();
}

TEST_F(BadInput, UnknownTypeIsNamed) {
  CliResult result = harness.cli({"submit", "no-such-type"});
  EXPECT_EQ(result.exit_code, 2);  // what was typed is refused: a usage error
  EXPECT_TRUE(mentions(result, "no-such-type")) << result.err;
  expect_nothing_changed();
}

TEST_F(BadInput, MissingParamIsNamed) {
  CliResult result = harness.cli({"submit", "clone"});
  EXPECT_EQ(result.exit_code, 2);  // what was typed is refused: a usage error
  EXPECT_TRUE(mentions(result, "url")) << result.err;
  expect_nothing_changed();
}

TEST_F(BadInput, OptionLikeParamValueIsRefused) {
  CliResult result = harness.cli({"submit", "clone", "url=--upload-pack=evil"});
  EXPECT_EQ(result.exit_code, 2);  // what was typed is refused: a usage error
  EXPECT_TRUE(mentions(result, "url")) << result.err;
  expect_nothing_changed();
}

TEST_F(BadInput, UsageErrorsExitTwo) {
  EXPECT_EQ(harness.cli({"show"}).exit_code, 2);
  EXPECT_EQ(harness.cli({"no-such-command"}).exit_code, 2);
  expect_nothing_changed();
}

TEST_F(BadInput, SecondDaemonOnTheSameStateDirIsRefusedNamingThePid) {
  CliResult second = harness.cli({"daemon"});
  EXPECT_NE(second.exit_code, 0);
  EXPECT_TRUE(mentions(second, std::to_string(harness.daemon_pid()))) << second.err;
  expect_nothing_changed();
}

TEST_F(BadInput, RemovingARunningJobIsRefused) {
  long long id = harness.run({"sleep", "30"});
  harness.wait_for_state(id, {"running"});
  CliResult result = harness.cli({"rm", std::to_string(id)});
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_TRUE(mentions(result, "cancel")) << result.err;
  EXPECT_EQ(harness.show(id)["state"], "running");
}

TEST(BadConfig, DaemonRefusesToStartNamingFileAndLine) {
  Harness harness("[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = \"four\"\n");
  CliResult result = harness.cli({"daemon"}, std::chrono::seconds(10));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(mentions(result, "drover.toml:4")) << result.err;
  EXPECT_TRUE(mentions(result, "parallel")) << result.err;
  EXPECT_FALSE(std::filesystem::exists(harness.state_dir() / "drover.db"));
}

TEST(NoDaemon, CliSaysHowToStartOne) {
  Harness harness;
  CliResult result = harness.cli({"ls"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(mentions(result, "drover daemon start")) << result.err;
}

}  // namespace
}  // namespace drover::testing
