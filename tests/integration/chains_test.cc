// Chains, dependencies and templates through the real daemon and CLI, with
// the shipped example chain and job scripts.
#include <signal.h>
#include <stdlib.h>

#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "api_daemon.h"
#include "harness.h"

namespace drover::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string example_chain() { return Harness::examples_dir() + "/chains/regenerate-source.toml"; }

// Runs per job id, from the file the demo scripts append to.
std::map<long long, int> runs_by_job(const std::filesystem::path& file) {
  std::map<long long, int> runs;
  std::ifstream in(file);
  long long job = 0;
  int attempt = 0;
  std::string script;
  while (in >> job >> attempt >> script) runs[job]++;
  return runs;
}

// Each demo script appends its runs to a file named by the daemon's
// environment, which the jobs inherit.
class Chains : public ::testing::Test {
 protected:
  void SetUp() override {
    runs_file = harness.state_dir() / "runs.txt";
    ::setenv("DROVER_DEMO_RUNS", runs_file.c_str(), 1);
    std::filesystem::create_directory(hold_dir);
    ::setenv("DROVER_DEMO_HOLD", hold_dir.c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("DROVER_DEMO_RUNS");
    ::unsetenv("DROVER_DEMO_HOLD");
  }
  // The demo script `name` waits after each checkpoint until released.
  void hold(const std::string& name) { std::ofstream(hold_dir / name) << "held\n"; }
  void release(const std::string& name) { std::filesystem::remove(hold_dir / name); }

  Harness harness{Harness::example_config()};
  std::filesystem::path runs_file;
  std::filesystem::path hold_dir = harness.state_dir() / "hold";
};

double percentage(const Json& job) {
  const Json& value = job["progress"]["percentage"];
  return value.is_number() ? value.get<double>() : 0.0;
}

TEST_F(Chains, RegenerateSourceRisesMonotonicallyAndResumesWithoutRedoingPhases) {
  hold("index");
  harness.start_daemon();
  CliResult submitted = harness.cli({"chain", "submit", example_chain()});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  long long chain = std::atoll(submitted.out.c_str());
  double last = 0;
  auto rises = [&](const Json& job) {
    EXPECT_GE(percentage(job), last) << "the chain's progress moved back";
    last = std::max(last, percentage(job));
  };
  // The index phase (3 of 6) holds after its first checkpoint.
  Json parent = harness.wait_for_job(
      chain,
      [&](const Json& job) {
        rises(job);
        return job["phases"][2]["state"] == "running";
      },
      60s);
  ASSERT_EQ(parent["current_phase"], 3) << parent.dump(2);
  long long index_job = parent["phases"][2]["job"].get<long long>();
  Json running =
      harness.wait_for_job(index_job, [](const Json& job) { return !job["checkpoint"].is_null(); });
  rises(harness.show(chain));
  harness.kill_daemon();
  ::kill(harness.shim_pid(index_job, 1), SIGKILL);
  ::kill(-running["attempts"][0]["pid"].get<pid_t>(), SIGKILL);
  harness.start_daemon();
  Json interrupted = harness.wait_for_state(chain, {"interrupted"}, 20s);
  EXPECT_EQ(interrupted["phase_name"], "index");
  EXPECT_GE(percentage(interrupted), last);
  release("index");
  ASSERT_EQ(harness.cli({"resume", std::to_string(chain)}).exit_code, 0);
  parent = harness.wait_for_job(
      chain,
      [&](const Json& job) {
        rises(job);
        return job["state"] == "completed" || job["state"] == "failed";
      },
      90s);
  ASSERT_EQ(parent["state"], "completed") << parent.dump(2);
  EXPECT_EQ(percentage(parent), 100.0);
  EXPECT_EQ(parent["phases_completed"], 6);
  std::map<long long, int> runs = runs_by_job(runs_file);
  for (const Json& phase : parent["phases"]) {
    long long job = phase["job"].get<long long>();
    EXPECT_EQ(runs[job], job == index_job ? 2 : 1) << "phase " << phase["n"] << " job " << job;
  }
  CliResult second = harness.cli({"logs", std::to_string(index_job), "--attempt", "2", "--events"});
  EXPECT_NE(second.out.find("@drover total 20"), std::string::npos) << second.out;
  CliResult shown = harness.cli({"show", std::to_string(chain)});
  EXPECT_NE(shown.out.find("Phases (6 of 6 completed)"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("index-offline"), std::string::npos) << shown.out;
}

TEST_F(Chains, AFailedPhaseFailsTheChainAndResumingAfterTheFixCompletesIt) {
  harness.start_daemon();
  std::filesystem::path flag = harness.state_dir() / "model-down";
  std::ofstream(flag) << "down\n";
  Json chain = {{"name", "tags"},
                {"phases",
                 {{{"type", "clear"}, {"weight", 1}, {"params", {{"source_id", "docs"}}}},
                  {{"type", "suggest-tags"},
                   {"weight", 3},
                   {"params", {{"source_id", "docs"}, {"fail_while", flag.string()}}}}}}};
  std::filesystem::path file = harness.state_dir() / "tags.json";
  std::ofstream(file) << chain.dump();
  CliResult submitted = harness.cli({"chain", "submit", file.string()});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  long long id = std::atoll(submitted.out.c_str());
  Json failed = harness.wait_for_state(id, {"failed", "completed"}, 30s);
  ASSERT_EQ(failed["state"], "failed");
  EXPECT_EQ(failed["current_phase"], 2);
  EXPECT_EQ(failed["phase_name"], "suggest-tags");
  EXPECT_NE(failed["error"].get<std::string>().find("phase 2 (suggest-tags) failed: exit code 3"),
            std::string::npos)
      << failed["error"];
  std::filesystem::remove(flag);  // the model server is back
  ASSERT_EQ(harness.cli({"resume", std::to_string(id)}).exit_code, 0);
  Json done = harness.wait_for_state(id, {"completed", "failed"}, 30s);
  EXPECT_EQ(done["state"], "completed") << done.dump(2);
  std::map<long long, int> runs = runs_by_job(runs_file);
  EXPECT_EQ(runs[done["phases"][0]["job"].get<long long>()], 1) << "the clear phase ran again";
  EXPECT_EQ(done["result"]["phases"][1]["tagged"], 20);
}

// `drover ls` shows the last 10 finished jobs of the user's own: a chain
// counts once and brings its phases, which never push other jobs out.
TEST_F(Chains, LsCountsAFinishedChainOnceAmongTheLastTenWithItsPhases) {
  harness.start_daemon();
  Json chain = {{"name", "clears"},
                {"phases",
                 {{{"type", "clear"}, {"params", {{"source_id", "a"}}}},
                  {{"type", "clear"}, {"params", {{"source_id", "b"}}}},
                  {{"type", "clear"}, {"params", {{"source_id", "c"}}}}}}};
  std::filesystem::path file = harness.state_dir() / "clears.json";
  std::ofstream(file) << chain.dump();
  CliResult submitted = harness.cli({"chain", "submit", file.string()});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  long long id = std::atoll(submitted.out.c_str());
  Json done = harness.wait_for_state(id, {"completed", "failed"}, 60s);
  ASSERT_EQ(done["state"], "completed") << done.dump(2);
  std::vector<long long> own;
  for (int i = 0; i < 9; ++i) own.push_back(harness.run({"true"}));
  for (long long job : own) harness.wait_for_state(job, {"completed", "failed"});

  std::set<long long> listed;
  for (const Json& job : harness.cli({"ls", "--json"}).json())
    listed.insert(job["id"].get<long long>());
  std::set<long long> expected(own.begin(), own.end());
  expected.insert(id);
  for (const Json& phase : done["phases"]) expected.insert(phase["job"].get<long long>());
  EXPECT_EQ(listed, expected);
  CliResult table = harness.cli({"ls"});
  EXPECT_NE(table.out.find("└"), std::string::npos) << table.out;
}

TEST_F(Chains, ValidationNamesEachPhaseByPositionAndType) {
  harness.start_daemon();
  Json chain = {{"phases",
                 {{{"type", "index"}, {"weight", 40}, {"params", {{"source_id", "wiki"}}}},
                  {{"type", "metadata"}, {"weight", 10}, {"params", {{"source_id", "wiki"}}}},
                  {{"type", "nope"}, {"weight", 5}},
                  {{"type", "clear"}, {"weight", 0}, {"params", {{"source_id", "wiki"}}}},
                  {{"type", "metadata"}, {"params", {{"source_id", "Not Valid"}}}}}}};
  std::filesystem::path file = harness.state_dir() / "bad.json";
  std::ofstream(file) << chain.dump();
  CliResult checked = harness.cli({"chain", "validate", file.string()});
  EXPECT_EQ(checked.exit_code, 1);
  EXPECT_NE(checked.out.find("warning: phase 1 (index): index runs before metadata (phase 2)"),
            std::string::npos)
      << checked.out;
  EXPECT_NE(checked.out.find("error: phase 3 (nope): unknown type \"nope\""), std::string::npos)
      << checked.out;
  EXPECT_NE(
      checked.out.find("error: phase 4 (clear): weight must be a number from 0.001 to 1000000"),
      std::string::npos)
      << checked.out;
  EXPECT_NE(checked.out.find("error: phase 5 (metadata): "), std::string::npos) << checked.out;
  CliResult refused = harness.cli({"chain", "submit", file.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("nothing was submitted"), std::string::npos) << refused.err;
  std::ofstream(file) << Json{{"phases", Json::array()}}.dump();
  CliResult empty = harness.cli({"chain", "validate", file.string()});
  EXPECT_NE(empty.out.find("no phases"), std::string::npos) << empty.out;
  EXPECT_EQ(harness.cli({"ls", "--all", "--json"}).json().size(), 0u)
      << "a refused chain left jobs";
}

TEST_F(Chains, TemplatesAreSavedListedRunAndRemoved) {
  harness.start_daemon();
  CliResult saved = harness.cli({"template", "save", "regenerate", example_chain()});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  CliResult listed = harness.cli({"template", "ls"});
  EXPECT_NE(listed.out.find("metadata → clear → index"), std::string::npos) << listed.out;
  CliResult bad = harness.cli({"template", "save", "../x", example_chain()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("template name"), std::string::npos) << bad.err;
  CliResult run = harness.cli({"chain", "submit", "--template", "regenerate"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  Json parent = harness.show(std::atoll(run.out.c_str()));
  EXPECT_EQ(parent["chain_name"], "regenerate-source");
  EXPECT_EQ(parent["phases"].size(), 6u);
  ASSERT_EQ(harness.cli({"cancel", run.out.substr(0, run.out.find('\n'))}).exit_code, 0);
  EXPECT_EQ(harness.cli({"template", "rm", "regenerate"}).exit_code, 0);
  EXPECT_EQ(harness.cli({"template", "rm", "regenerate"}).exit_code, 3);
  EXPECT_EQ(harness.cli({"chain", "submit", "--template", "regenerate"}).exit_code, 3);
}

TEST_F(Chains, AHundredJobsAfterEachOtherRunInOrderAndAFailureFailsTheRest) {
  harness.start_daemon();
  std::filesystem::path order = harness.state_dir() / "order.txt";
  std::vector<long long> ids;
  for (int i = 0; i < 100; ++i) {
    std::string script = i == 60 ? "exit 7" : "echo " + std::to_string(i) + " >> " + order.string();
    std::vector<std::string> args{"run"};
    if (!ids.empty()) args.insert(args.end(), {"--after", std::to_string(ids.back())});
    args.insert(args.end(), {"--", "sh", "-c", script});
    CliResult submitted = harness.cli(args);
    ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
    ids.push_back(std::atoll(submitted.out.c_str()));
  }
  Json last = harness.wait_for_state(ids.back(), {"failed", "completed"}, 120s);
  EXPECT_EQ(last["state"], "failed");
  EXPECT_EQ(last["error"], "dependency " + std::to_string(ids[98]) + " failed");
  EXPECT_EQ(harness.show(ids[61])["error"], "dependency " + std::to_string(ids[60]) + " failed");
  EXPECT_EQ(harness.show(ids[59])["state"], "completed");
  std::ifstream in(order);
  int expected = 0;
  for (int value; in >> value; ++expected) ASSERT_EQ(value, expected) << "ran out of order";
  EXPECT_EQ(expected, 60);
}

TEST(Dependencies, OnUnknownJobsOrInACycleAreRefusedAndWaitingShowsWhy) {
  ApiDaemon daemon;
  Harness& harness = daemon.harness;
  CliResult unknown = harness.cli({"run", "--after", "999", "--", "true"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_NE(unknown.err.find("there is no job 999"), std::string::npos) << unknown.err;
  Json argv = {{"argv", {"true"}}};
  Json batch = {{"jobs",
                 {{{"type", "shell"}, {"params", argv}, {"after", {"@3"}}},
                  {{"type", "shell"}, {"params", argv}, {"after", {"@1"}}},
                  {{"type", "shell"}, {"params", argv}, {"after", {"@2"}}}}}};
  HttpReply cycle = daemon.api.post("/api/jobs", batch);
  EXPECT_EQ(cycle.status, 400);
  EXPECT_NE(cycle.body.find("cycle (1 → 3 → 2 → 1)"), std::string::npos) << cycle.body;
  EXPECT_EQ(harness.cli({"ls", "--all", "--json"}).json().size(), 0u);
  long long first = harness.run(harness.held_command("first"));
  CliResult submitted = harness.cli({"run", "--after", std::to_string(first), "--", "true"});
  long long waiting = std::atoll(submitted.out.c_str());
  std::string reason = "after job " + std::to_string(first);
  harness.wait_for_job(waiting, [&](const Json& job) { return job["wait_reason"] == reason; });
  harness.release("first");
  EXPECT_EQ(harness.wait_for_state(waiting, {"completed", "failed"})["state"], "completed");
}

}  // namespace
}  // namespace drover::testing
