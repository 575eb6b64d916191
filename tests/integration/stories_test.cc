// The three user stories of the design, run with the shipped examples
// (examples/drover.toml and examples/jobs/) through the real daemon and CLI.
#include <signal.h>

#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "harness.h"

namespace drover::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);
  return lines;
}

// Each article of the source appears exactly once in the job's partial work.
void expect_each_article_once(const std::filesystem::path& processed, int items) {
  std::vector<std::string> lines = lines_of(processed);
  ASSERT_EQ(static_cast<int>(lines.size()), items) << "some article ran twice or never";
  for (int i = 0; i < items; ++i) {
    ASSERT_EQ(lines[static_cast<std::size_t>(i)], "wiki/article-" + std::to_string(i + 1));
  }
}

// Progress at or past item `n`.
std::function<bool(const Json&)> progress_reached(long long n) {
  return [n](const Json& job) {
    Json current = job.value(Json::json_pointer("/progress/current"), Json());
    return current.is_number() && current.get<long long>() >= n;
  };
}

bool has_checkpoint(const Json& job) { return !job.value("checkpoint", Json()).is_null(); }

// Starts the daemon so that each demo script named in `held` waits after
// each checkpoint until release() (hold_while_asked in examples/jobs/lib.sh,
// told by the environment the jobs inherit from the daemon): the test holds
// a job mid-way instead of hoping that it still runs when it looks.
void start_daemon_holding(Harness& harness, const std::vector<std::string>& held) {
  std::filesystem::path hold = harness.state_dir() / "hold";
  std::filesystem::create_directory(hold);
  for (const std::string& script : held) std::ofstream(hold / script) << "held\n";
  ::setenv("DROVER_DEMO_HOLD", hold.c_str(), 1);
  harness.start_daemon();
  ::unsetenv("DROVER_DEMO_HOLD");
}

void release(Harness& harness, const std::string& script) {
  std::filesystem::remove(harness.state_dir() / "hold" / script);
}

TEST(Stories, CloneReposShowsFailuresAndAnHonestEta) {
  Harness harness(Harness::example_config());
  harness.start_daemon();
  long long id =
      harness.submit({"clone-repos", "count=245", "fail_every=100", "delay=0.04", "org=acme"});
  Json midway = harness.wait_for_job(id, progress_reached(120), 60s);
  ASSERT_FALSE(midway["progress"]["eta_seconds"].is_null()) << midway.dump(2);
  double predicted = midway["progress"]["eta_seconds"].get<double>();
  auto seen_at = Clock::now();
  Json job = harness.wait_for_state(id, {"completed", "failed"}, 120s);
  double actual = std::chrono::duration<double>(Clock::now() - seen_at).count();
  EXPECT_EQ(job["state"], "completed");
  EXPECT_NEAR(predicted, actual, actual * 0.5 + 1.0) << "ETA midway was " << predicted << " s";
  EXPECT_EQ(job["progress"]["items_failed"], 2);
  EXPECT_EQ(job["progress"]["items_completed"], 243);
  ASSERT_EQ(job["progress"]["failed"].size(), 2u);
  EXPECT_EQ(job["progress"]["failed"][0]["item"], "acme-repo-100");
  EXPECT_EQ(job["progress"]["failed"][0]["error"], "remote: Repository not found");
  CliResult shown = harness.cli({"show", std::to_string(id)});
  EXPECT_NE(shown.out.find("acme-repo-200"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("Repository not found"), std::string::npos) << shown.out;
}

TEST(Stories, MetadataCancelledMidwayResumesFromItsCheckpointExactlyOnce) {
  Harness harness(Harness::example_config());
  start_daemon_holding(harness, {"metadata"});
  constexpr int kItems = 450000;
  long long id = harness.submit({"metadata", "source_id=wiki", "items=450000", "delay=0"});
  // Held after its first checkpoint; the stop request ends the hold.
  harness.wait_for_job(id, has_checkpoint, 60s);
  ASSERT_EQ(harness.cli({"cancel", std::to_string(id)}).exit_code, 0);
  Json cancelled = harness.wait_for_state(id, {"cancelled", "completed"});
  ASSERT_EQ(cancelled["state"], "cancelled") << "the job finished before the cancel";
  release(harness, "metadata");
  ASSERT_TRUE(cancelled["resumable"].get<bool>());
  long long saved = cancelled["checkpoint"]["value"]["next"].get<long long>();
  EXPECT_GT(saved, 0);
  EXPECT_LT(saved, kItems);
  // The checkpoint the job saved as it stopped is the one the store kept.
  CliResult first = harness.cli({"logs", std::to_string(id), "--attempt", "1", "-n", "12"});
  EXPECT_NE(first.out.find("stopped after article " + std::to_string(saved)), std::string::npos)
      << first.out;
  ASSERT_EQ(harness.cli({"resume", std::to_string(id)}).exit_code, 0);
  Json job = harness.wait_for_state(id, {"completed", "failed"}, 120s);
  EXPECT_EQ(job["state"], "completed");
  ASSERT_EQ(job["attempts"].size(), 2u);
  CliResult second = harness.cli({"logs", std::to_string(id), "--attempt", "2"});
  EXPECT_NE(second.out.find("resuming after article " + std::to_string(saved)), std::string::npos)
      << second.out.substr(0, 2000);
  expect_each_article_once(
      harness.state_dir() / "jobs" / std::to_string(id) / "artifacts" / "articles.txt", kItems);
}

TEST(Stories, ImportIssuesPausesOnARateLimitAndResumesAfterADaemonRestart) {
  Harness harness(Harness::example_config());
  harness.start_daemon();
  long long id = harness.submit(
      {"import-issues", "repo=acme/app", "count=300", "rate_limit_at=100", "pause_for=5s"});
  Json paused = harness.wait_for_state(id, {"paused", "failed", "completed"}, 30s);
  ASSERT_EQ(paused["state"], "paused");
  EXPECT_EQ(paused["state_reason"], "rate limited by GitHub");
  EXPECT_FALSE(paused["resume_at"].is_null());
  harness.stop_daemon();
  harness.start_daemon();
  Json job = harness.wait_for_state(id, {"completed", "failed"}, 60s);
  EXPECT_EQ(job["state"], "completed");
  ASSERT_EQ(job["attempts"].size(), 2u);
  EXPECT_EQ(job["progress"]["current"], 300);
  bool resumed_automatically = false;
  for (const Json& step : job["history"]) {
    resumed_automatically |=
        step["reason"].get<std::string>().find("automatically") != std::string::npos;
  }
  EXPECT_TRUE(resumed_automatically) << job["history"].dump(2);
}

TEST(Stories, RebootInterruptsAJobThatResumesFromItsCheckpoint) {
  Harness harness(Harness::example_config());
  start_daemon_holding(harness, {"metadata"});
  long long id = harness.submit({"metadata", "source_id=wiki", "items=400", "delay=0.01"});
  Json running = harness.wait_for_job(id, [](const Json& job) {
    Json pid = job.value(Json::json_pointer("/attempts/0/pid"), Json());
    return has_checkpoint(job) && pid.is_number();
  });
  ASSERT_TRUE(has_checkpoint(running));
  harness.kill_daemon();
  ::kill(harness.shim_pid(id, 1), SIGKILL);  // the machine went down
  ::kill(-running["attempts"][0]["pid"].get<pid_t>(), SIGKILL);
  release(harness, "metadata");
  harness.start_daemon();
  Json interrupted = harness.wait_for_state(id, {"interrupted"}, 10s);
  EXPECT_TRUE(interrupted["resumable"].get<bool>());
  CliResult listed = harness.cli({"interrupted"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(std::to_string(id)), std::string::npos) << listed.out;
  ASSERT_EQ(harness.cli({"resume", std::to_string(id)}).exit_code, 0);
  Json job = harness.wait_for_state(id, {"completed", "failed"}, 60s);
  EXPECT_EQ(job["state"], "completed");
  CliResult second = harness.cli({"logs", std::to_string(id), "--attempt", "2"});
  EXPECT_NE(second.out.find("resuming after article"), std::string::npos) << second.out;
}

TEST(Stories, SubmittingWorkThatCanResumeIsRefusedUnlessForced) {
  Harness harness(Harness::example_config());
  start_daemon_holding(harness, {"metadata"});
  long long id = harness.submit({"metadata", "source_id=wiki", "items=100000", "delay=0.001"});
  harness.wait_for_job(id, has_checkpoint);
  ASSERT_EQ(harness.cli({"cancel", std::to_string(id)}).exit_code, 0);
  harness.wait_for_state(id, {"cancelled"});
  release(harness, "metadata");
  CliResult again = harness.cli({"submit", "metadata", "source_id=wiki", "items=100000"});
  EXPECT_EQ(again.exit_code, 4);
  EXPECT_NE(again.err.find("drover resume " + std::to_string(id)), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  CliResult forced = harness.cli({"submit", "metadata", "source_id=wiki", "items=10", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
}

// [start, end) of a finished job, as RFC 3339 strings (they sort as times).
std::pair<std::string, std::string> ran(const Json& job) {
  return {job["started_at"].get<std::string>(), job["finished_at"].get<std::string>()};
}

bool overlap(const std::pair<std::string, std::string>& a,
             const std::pair<std::string, std::string>& b) {
  return a.first < b.second && b.first < a.second;
}

TEST(Stories, IndexersShareAVectorStoreOneAtATimeAndClearWaitsForItsSource) {
  Harness harness(Harness::example_config());
  // Every index job waits after its first checkpoint until the test has
  // seen who waits for what.
  start_daemon_holding(harness, {"index"});
  long long a =
      harness.submit({"index", "source_id=a", "dimension=768", "batches=10", "delay=0.1"});
  long long b =
      harness.submit({"index", "source_id=b", "dimension=768", "batches=10", "delay=0.1"});
  long long c =
      harness.submit({"index", "source_id=c", "dimension=384", "batches=10", "delay=0.1"});
  long long clear = harness.submit({"clear", "source_id=a"});
  harness.wait_for_job(a, has_checkpoint);
  harness.wait_for_job(c, has_checkpoint);  // beside a: another resource
  std::string busy = "resource chroma-768 busy (job " + std::to_string(a) + ")";
  harness.wait_for_job(b, [&](const Json& job) { return job["wait_reason"] == busy; });
  std::string conflict = "conflict with job " + std::to_string(a);
  harness.wait_for_job(clear, [&](const Json& job) { return job["wait_reason"] == conflict; });
  CliResult resources = harness.cli({"resources"});
  EXPECT_EQ(resources.exit_code, 0) << resources.err;
  EXPECT_NE(resources.out.find("chroma-768"), std::string::npos) << resources.out;
  release(harness, "index");
  std::map<long long, Json> done;
  for (long long id : {a, b, c, clear}) done[id] = harness.wait_for_state(id, {"completed"}, 60s);
  EXPECT_FALSE(overlap(ran(done[a]), ran(done[b]))) << "two writers on chroma-768";
  EXPECT_TRUE(overlap(ran(done[a]), ran(done[c])) || overlap(ran(done[b]), ran(done[c])))
      << "the 384 index waited for no reason";
  EXPECT_GE(ran(done[clear]).first, ran(done[a]).second) << "clear ran during index of a";
}

}  // namespace
}  // namespace drover::testing
