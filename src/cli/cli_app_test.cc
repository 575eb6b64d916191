// The command line as users type it, against a fake daemon: what is sent,
// what is printed, and the exit code.
#include "cli/cli_app.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/fake_daemon_for_test.h"
#include "os/test_dir.h"

namespace drover::cli {
namespace {

using testing::CannedResponse;
using testing::FakeDaemon;

constexpr const char* kRunningJob =
    R"({"id": 12, "type": "clone-repos", "state": "running", "created_at": "2026-11-24T10:30:00Z",
        "started_at": "2026-11-24T10:30:00Z",
        "progress": {"current": 154, "total": 245, "item": "infrastructure-apo-platform",
                     "rate": 0.1, "eta_seconds": 900}})";

class Cli : public ::testing::Test {
 protected:
  int drover(std::vector<std::string> args) {
    out.str("");
    err.str("");
    args.insert(args.begin(), {"--state-dir", state.path().string()});
    return run_cli(args, CliIo{out, err, clock}, CliHooks{});
  }
  int drover_without_state_dir(const std::vector<std::string>& args) {
    return run_cli(args, CliIo{out, err, clock}, CliHooks{});
  }

  TestDir state;
  ManualClock clock{*parse_rfc3339("2026-11-24T10:53:00Z")};
  std::ostringstream out;
  std::ostringstream err;
};

TEST_F(Cli, RunSubmitsAShellJobAndPrintsItsId) {
  FakeDaemon daemon(state.path(), {{201, R"({"id": 7, "state": "queued"})"}});
  EXPECT_EQ(drover({"run", "--queue", "slow", "--", "ls", "-la", "--json"}), 0) << err.str();
  EXPECT_EQ(out.str(), "7\n");
  const auto& request = daemon.requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/api/jobs");
  Json body = Json::parse(request.body);
  EXPECT_EQ(body["type"], "shell");
  EXPECT_EQ(body["queue"], "slow");
  EXPECT_EQ(body["params"]["argv"], Json({"ls", "-la", "--json"}));
  EXPECT_TRUE(body["params"]["cwd"].is_string());
}

TEST_F(Cli, RunEachSubmitsOneJobPerValueInOneRequest) {
  FakeDaemon daemon(state.path(), {{201, R"({"jobs": [{"id": 7}, {"id": 8}]})"}});
  EXPECT_EQ(drover({"run", "--each", "a.txt", "b.txt", "--", "gzip", "{}"}), 0) << err.str();
  EXPECT_EQ(out.str(), "7\n8\n");
  ASSERT_EQ(daemon.requests().size(), 1u);
  Json body = Json::parse(daemon.requests().at(0).body);
  ASSERT_EQ(body["jobs"].size(), 2u);
  EXPECT_EQ(body["jobs"][0]["params"]["argv"], Json({"gzip", "a.txt"}));
  EXPECT_EQ(body["jobs"][1]["params"]["argv"], Json({"gzip", "b.txt"}));
}

TEST_F(Cli, RunTakesTheCommandsOwnOptionsWithoutDashDash) {
  FakeDaemon daemon(state.path(), {{201, R"({"id": 7, "state": "queued"})"}});
  EXPECT_EQ(drover({"run", "--priority", "3", "ls", "-la", "--priority", "9"}), 0) << err.str();
  Json body = Json::parse(daemon.requests().at(0).body);
  EXPECT_EQ(body["params"]["argv"], Json({"ls", "-la", "--priority", "9"}));
  EXPECT_EQ(body["priority"], 3);
}

TEST_F(Cli, JsonFlagAfterTheCommandPrintsTheJob) {
  FakeDaemon daemon(state.path(), {{201, R"({"id": 7, "state": "queued"})"}});
  EXPECT_EQ(drover({"run", "--json", "--", "true"}), 0) << err.str();
  EXPECT_EQ(Json::parse(out.str())["id"], 7);
}

TEST_F(Cli, StateDirAfterTheCommandNameIsAccepted) {
  FakeDaemon daemon(state.path(), {{200, R"({"jobs": [], "next_cursor": null})"}});
  EXPECT_EQ(drover_without_state_dir({"ls", "--state-dir", state.path().string()}), 0) << err.str();
  EXPECT_EQ(daemon.requests().at(0).target, "/api/jobs");
}

TEST_F(Cli, SubmitParsesParamValuesAndOptions) {
  // The type's schema first (it says how to read each value), then the job.
  FakeDaemon daemon(state.path(),
                    {{200, R"({"types": []})"}, {201, R"({"id": 8, "state": "queued"})"}});
  EXPECT_EQ(drover({"submit", "clone", "url=https://x/y", "depth=1", "--key", "x/y", "--force",
                    "--priority", "5"}),
            0)
      << err.str();
  EXPECT_EQ(daemon.requests().at(0).target, "/api/types");
  Json body = Json::parse(daemon.requests().at(1).body);
  EXPECT_EQ(body["type"], "clone");
  EXPECT_EQ(body["params"], Json({{"url", "https://x/y"}, {"depth", 1}}));
  EXPECT_EQ(body["key"], "x/y");
  EXPECT_EQ(body["force"], true);
  EXPECT_EQ(body["priority"], 5);
}

TEST_F(Cli, SubmitWithoutEqualsIsAUsageError) {
  EXPECT_EQ(drover({"submit", "clone", "https://x/y"}), 2);
  EXPECT_NE(err.str().find("NAME=VALUE"), std::string::npos) << err.str();
}

TEST_F(Cli, LsPrintsTheTable) {
  FakeDaemon daemon(state.path(), {{200, std::string(R"({"jobs": [)") + kRunningJob +
                                             R"(], "next_cursor": null})"},
                                   {200, R"({"types": []})"}});
  EXPECT_EQ(drover({"jobs"}), 0) << err.str();
  EXPECT_EQ(daemon.requests().at(1).target, "/api/types");  // orders the params column
  EXPECT_EQ(out.str(),
            "ID  TYPE         PARAMS  STATE    PROGRESS       ITEM                         RATE   "
            "ETA      "
            "STARTED\n"
            "12  clone-repos          running  154/245 (63%)  infrastructure-apo-platform  0.1/s  "
            "~15 min  23 min ago\n");
}

TEST_F(Cli, LsAllFollowsEveryPage) {
  FakeDaemon daemon(state.path(), {{200, R"({"jobs": [{"id": 3}], "next_cursor": 3})"},
                                   {200, R"({"jobs": [{"id": 2}], "next_cursor": null})"}});
  EXPECT_EQ(drover({"ls", "--all", "--state", "failed,paused", "--json"}), 0) << err.str();
  EXPECT_EQ(Json::parse(out.str()).size(), 2u);
  EXPECT_EQ(daemon.requests().at(0).target, "/api/jobs?state=failed,paused&all=1&limit=1000");
  EXPECT_EQ(daemon.requests().at(1).target,
            "/api/jobs?state=failed,paused&all=1&cursor=3&limit=1000");
}

TEST_F(Cli, UnknownJobExitsThree) {
  FakeDaemon daemon(state.path(),
                    {{404, R"({"error": {"code": "not_found", "message": "no job 999"}})"}});
  EXPECT_EQ(drover({"show", "999"}), 3);
  EXPECT_EQ(err.str(), "drover: no job 999\n");
}

TEST_F(Cli, RefusedActionExitsFour) {
  FakeDaemon daemon(
      state.path(),
      {{409,
        R"({"error": {"code": "conflict", "message": "job 4 is running; cancel it first"}})"}});
  EXPECT_EQ(drover({"rm", "4"}), 4);
  EXPECT_EQ(daemon.requests().at(0).method, "DELETE");
}

TEST_F(Cli, ActionsPostToTheJob) {
  FakeDaemon daemon(state.path(), {{200, R"({"id": 4, "state": "paused"})"}});
  EXPECT_EQ(drover({"pause", "4"}), 0) << err.str();
  EXPECT_EQ(daemon.requests().at(0).target, "/api/jobs/4/pause");
  EXPECT_NE(out.str().find("paused"), std::string::npos);
}

TEST_F(Cli, QueuesPauseNamesTheQueue) {
  FakeDaemon daemon(state.path(), {{200, R"({"name": "default", "paused": true})"}});
  EXPECT_EQ(drover({"queues", "pause", "default"}), 0) << err.str();
  EXPECT_EQ(daemon.requests().at(0).target, "/api/queues/default/pause");
}

TEST_F(Cli, LogsTailPrintsTheTextAndNotesTruncation) {
  FakeDaemon daemon(state.path(), {{200, R"({"id": 5, "state": "completed"})"},
                                   {200,
                                    "99\n100\n",
                                    {{"X-Drover-Next-Offset", "7"},
                                     {"X-Drover-Log-Truncated", "1"},
                                     {"X-Drover-Job-State", "completed"}},
                                    "text/plain"}});
  EXPECT_EQ(drover({"logs", "5", "-n", "2"}), 0) << err.str();
  EXPECT_EQ(daemon.requests().at(0).target, "/api/jobs/5");  // a chain's log is its phase's
  EXPECT_EQ(daemon.requests().at(1).target, "/api/jobs/5/logs?tail=2");
  EXPECT_EQ(out.str(), "  99\n  100\n");  // lines without a time stamp get no time column
  EXPECT_NE(err.str().find("truncated"), std::string::npos);
}

TEST_F(Cli, LogsFollowReadsOnFromTheOffsetUntilTheJobIsFinished) {
  auto chunk = [](std::string text, std::string next, std::string state) {
    return CannedResponse(200, std::move(text),
                          {{"X-Drover-Next-Offset", std::move(next)},
                           {"X-Drover-Job-State", std::move(state)},
                           {"X-Drover-Attempt", "1"}},
                          "text/plain");
  };
  FakeDaemon daemon(state.path(), {{200, R"({"id": 5, "state": "running"})"},
                                   chunk("a\n", "2", "running"),
                                   chunk("b\n", "4", "completed"),
                                   chunk("c\n", "6", "completed")});
  EXPECT_EQ(drover({"logs", "-f", "5"}), 0) << err.str();
  EXPECT_EQ(out.str(), "  a\n  b\n  c\n");
  EXPECT_EQ(daemon.requests().at(2).target, "/api/jobs/5/logs?offset=2");
  EXPECT_EQ(daemon.requests().at(3).target, "/api/jobs/5/logs?offset=4");
}

TEST_F(Cli, FollowEndsWithTheFinalStateAndItsExitCode) {
  FakeDaemon daemon(
      state.path(),
      {{200, kRunningJob}, {200, R"({"id": 12, "state": "failed", "error": "exit code 3"})"}});
  EXPECT_EQ(drover({"follow", "12"}), 1);
  EXPECT_EQ(out.str(),
            "job 12 running  154/245  63%  0.1/s  ETA ~15 min  infrastructure-apo-platform\n"
            "job 12 failed: exit code 3\n");
}

TEST_F(Cli, NoDaemonExitsOneSayingHowToStartIt) {
  EXPECT_EQ(drover({"ls"}), 1);
  EXPECT_NE(err.str().find("drover daemon start"), std::string::npos) << err.str();
}

TEST_F(Cli, DaemonStatusNamesThePidThatAnswers) {
  FakeDaemon daemon(state.path(), {{200, R"({"ok": true, "pid": 4242})"}});
  EXPECT_EQ(drover({"daemon", "status"}), 0) << err.str();
  EXPECT_NE(out.str().find("running (pid 4242"), std::string::npos) << out.str();
  EXPECT_EQ(daemon.requests().at(0).target, "/healthz");
}

TEST_F(Cli, DaemonStatusWithoutADaemonExitsOne) {
  EXPECT_EQ(drover({"daemon", "status"}), 1);
  EXPECT_NE(err.str().find("drover daemon start"), std::string::npos) << err.str();
}

TEST_F(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(drover({"show"}), 2);
  EXPECT_EQ(drover({"show", "twelve"}), 2);
  EXPECT_EQ(drover({"no-such-command"}), 2);
  EXPECT_EQ(drover({"run"}), 2);
}

TEST_F(Cli, VersionPrintsTheVersionAloneOrBesideOtherFlags) {
  EXPECT_EQ(drover_without_state_dir({"--version"}), 0);
  EXPECT_EQ(out.str(), DROVER_VERSION "\n");
  out.str("");
  EXPECT_EQ(drover({"--version"}), 0);
  EXPECT_EQ(out.str(), DROVER_VERSION "\n");
}

TEST_F(Cli, MisspelledCommandIsNamedWhenOnlyTheTypedOneWouldBeBuilt) {
  EXPECT_EQ(drover({"sho", "12"}), 2);
  EXPECT_NE(err.str().find("did you mean `show`?"), std::string::npos) << err.str();
  EXPECT_EQ(drover({"queues", "paws", "default"}), 2);
}

TEST_F(Cli, HelpListsTheCommandsAndExitsZero) {
  EXPECT_EQ(drover({}), 0);  // as `drover help` and `drover --help`
  EXPECT_NE(out.str().find("Subcommands"), std::string::npos) << out.str();
  EXPECT_EQ(drover({"--help"}), 0);
  for (const char* command :
       {"run", "submit", "ls", "logs", "follow", "queues", "daemon", "emit"}) {
    EXPECT_NE(out.str().find(command), std::string::npos) << command;
  }
}

TEST_F(Cli, EmitPrintsAnEventLineWithoutADaemon) {
  EXPECT_EQ(drover({"emit", "progress", "3/10", "repo-1"}), 0) << err.str();
  EXPECT_EQ(out.str(), "@drover progress 3/10 repo-1\n");
  EXPECT_EQ(drover({"emit", "item", "fail", "repo-2", "permission", "denied"}), 0) << err.str();
  EXPECT_EQ(out.str(), "@drover item fail repo-2 permission denied\n");
  EXPECT_EQ(drover({"emit", "checkpoint", "{\"last\":\n 3}"}), 0) << err.str();
  EXPECT_EQ(out.str(), "@drover checkpoint {\"last\":3}\n");
}

TEST_F(Cli, EmitRefusesMalformedEvents) {
  EXPECT_EQ(drover({"emit", "progress", "three"}), 2);
  EXPECT_EQ(drover({"emit", "item", "maybe", "x"}), 2);
  EXPECT_EQ(drover({"emit", "checkpoint", "{not json"}), 2);
  EXPECT_EQ(drover({"emit", "nonsense"}), 2);
}

}  // namespace
}  // namespace drover::cli
