// Input that used to be accepted and then went wrong later (cut at exec,
// ignored, clamped, shown as 0 %) is refused when it arrives: a 4xx naming
// the field and what is allowed, and nothing stored changes.
#include <string>

#include <gtest/gtest.h>

#include "api_daemon.h"

namespace drover::testing {
namespace {

class Input : public ::testing::Test {
 protected:
  void SetUp() override { before = list_all(); }

  Json list_all() { return daemon.api.get("/api/jobs?all=1&limit=1000").json(); }

  // The request is refused as bad input, its message names every `words`,
  // and the job list is what it was.
  void expect_refused(const HttpReply& reply, std::initializer_list<std::string> words) {
    EXPECT_GE(reply.status, 400) << reply.body;
    EXPECT_LT(reply.status, 500) << reply.body;
    for (const std::string& word : words) {
      EXPECT_NE(reply.body.find(word), std::string::npos)
          << "no \"" << word << "\" in " << reply.body;
    }
    EXPECT_EQ(list_all(), before);
  }

  HttpReply submit_shell(const Json& params) {
    return daemon.api.post("/api/jobs", {{"type", "shell"}, {"params", params}});
  }

  ApiDaemon daemon;
  Json before;
};

TEST_F(Input, ANulInsideAnArgvElementIsRefusedInsteadOfCutAtExec) {
  std::string with_nul("safe\0--evil", 11);
  expect_refused(submit_shell({{"argv", {"echo", with_nul}}}), {"argv[1]", "NUL"});
}

TEST_F(Input, AnEnvValueThatIsNotAStringIsRefused) {
  expect_refused(submit_shell({{"argv", {"true"}}, {"env", {{"COUNT", 3}}}}),
                 {"env.COUNT", "string"});
}

TEST_F(Input, AnEnvNameWithEqualsOrEmptyIsRefused) {
  expect_refused(submit_shell({{"argv", {"true"}}, {"env", {{"A=B", "x"}}}}), {"env", "A=B"});
  expect_refused(submit_shell({{"argv", {"true"}}, {"env", {{"", "x"}}}}), {"env", "empty"});
}

TEST_F(Input, AListLimitOutsideTheDocumentedRangeIsRefused) {
  expect_refused(daemon.api.get("/api/jobs?limit=0"), {"limit", "1000"});
  expect_refused(daemon.api.get("/api/jobs?limit=1001"), {"limit", "1000"});
  EXPECT_EQ(daemon.api.get("/api/jobs?limit=1000").status, 200);
  EXPECT_EQ(daemon.api.get("/api/jobs?limit=1").status, 200);
}

TEST_F(Input, AChainWeightOutsideASaneRangeIsRefused) {
  for (double weight : {1e308, 0.0, -1.0}) {
    Json chain = {{"name", "huge"},
                  {"phases",
                   {{{"type", "shell"}, {"weight", 1}, {"params", {{"argv", {"true"}}}}},
                    {{"type", "shell"}, {"weight", weight}, {"params", {{"argv", {"true"}}}}}}}};
    expect_refused(daemon.api.post("/api/chains", chain), {"phase 2", "weight", "1000000"});
  }
}

TEST_F(Input, TheSameRefusalsExitWithAnErrorFromTheCli) {
  std::filesystem::path file = daemon.harness.state_dir() / "huge.json";
  Json chain = {
      {"phases", {{{"type", "shell"}, {"weight", 1e308}, {"params", {{"argv", {"true"}}}}}}}};
  std::ofstream(file) << chain.dump();
  CliResult submitted = daemon.harness.cli({"chain", "submit", file.string()});
  EXPECT_NE(submitted.exit_code, 0);
  EXPECT_NE(submitted.err.find("weight"), std::string::npos) << submitted.err;
  EXPECT_EQ(list_all(), before);
}

}  // namespace
}  // namespace drover::testing
