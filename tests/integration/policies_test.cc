// Policies declared in drover.toml, through the real daemon and CLI:
// unique_for dedupe, timeouts, retries with backoff, and clean.
#include <algorithm>
#include <fstream>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "harness.h"

namespace drover::testing {
namespace {

using namespace std::chrono_literals;

long long id_of(const CliResult& result) {
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return std::atoll(result.out.c_str());
}

const std::string kPolicies = std::string(Harness::kDefaultConfig) + R"(
[types.generate]
command = ["sleep", "{seconds}"]
params.url = { type = "string", required = true }
params.seconds = { type = "integer", default = 1 }
key = "{url}"
unique_for = "10m"

[types.slow]
command = ["sleep", "30"]
timeout = "1s"
grace = "1s"

[types.flaky]
command = ["sh", "-c", "exit 7"]
retries = 2
backoff = "200ms"
max_backoff = "300ms"
)";

TEST(Policies, SameKeyWithinUniqueForIsTheSameJob) {
  Harness harness(kPolicies);
  harness.start_daemon();
  long long first = id_of(harness.cli({"submit", "generate", "url=https://a.example/x"}));
  CliResult again = harness.cli({"submit", "generate", "url=https://a.example/x", "--json"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  Json job = again.json();
  EXPECT_EQ(job["id"], first);
  EXPECT_TRUE(job["deduplicated"].get<bool>());
  EXPECT_NE(again.err.find(std::to_string(first)), std::string::npos) << again.err;
  harness.wait_for_state(first, {"completed"});
  EXPECT_EQ(id_of(harness.cli({"submit", "generate", "url=https://a.example/x"})), first)
      << "completed within the window: still the same job";
  long long forced =
      id_of(harness.cli({"submit", "generate", "url=https://a.example/x", "--force"}));
  EXPECT_NE(forced, first);
  long long other = id_of(harness.cli({"submit", "generate", "url=https://b.example/y"}));
  EXPECT_NE(other, first);
}

TEST(Policies, TimeoutStopsTheJobAndSaysSo) {
  Harness harness(kPolicies);
  harness.start_daemon();
  long long id = id_of(harness.cli({"submit", "slow"}));
  Json job = harness.wait_for_state(id, {"failed", "completed"}, 20s);
  EXPECT_EQ(job["state"], "failed");
  EXPECT_EQ(job["error"], "timed out after 1s");
}

TEST(Policies, FailedAttemptsAreRetriedWithBackoff) {
  Harness harness(kPolicies);
  harness.start_daemon();
  long long id = id_of(harness.cli({"submit", "flaky"}));
  Json job = harness.wait_for_job(id, [](const Json& job) {
    return job.value("state", "") == "failed" && job.value("attempts", Json::array()).size() >= 3;
  });
  EXPECT_EQ(job["state"], "failed");
  EXPECT_EQ(job["attempts"].size(), 3u) << job.dump(2);
  int retries = 0;
  for (const Json& step : job["history"]) {
    retries += step["reason"].get<std::string>().rfind("retry", 0) == 0;
  }
  EXPECT_EQ(retries, 2) << job["history"].dump(2);
}

TEST(Policies, CleanRemovesOldFinishedJobsButKeepsTheNewest) {
  Harness harness;
  harness.start_daemon();
  std::vector<long long> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(harness.run({"true"}));
  Millis newest_finish = 0;
  for (long long id : ids) {
    Json job = harness.wait_for_state(id, {"completed"});
    newest_finish =
        std::max(newest_finish, parse_rfc3339(job["finished_at"].get<std::string>()).value_or(0));
  }
  CliResult young = harness.cli({"clean", "--older-than", "1h", "--dry-run", "--json"});
  ASSERT_EQ(young.exit_code, 0) << young.err;
  EXPECT_TRUE(young.json()["would_remove"].empty())
      << "would remove jobs younger than --older-than";
  // The daemon reads the same wall clock: wait until every job finished
  // over a second ago (with a margin for the millisecond rounding).
  ASSERT_GT(newest_finish, 0);
  SystemClock wall;
  ASSERT_TRUE(wait_until([&] { return wall.now() - newest_finish >= 1100; }));
  CliResult dry =
      harness.cli({"clean", "--older-than", "1s", "--keep", "2", "--dry-run", "--json"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.json()["would_remove"].size(), 3u);
  EXPECT_EQ(harness.cli({"show", std::to_string(ids[0])}).exit_code, 0) << "dry run removed";
  CliResult cleaned = harness.cli({"clean", "--older-than", "1s", "--keep", "2"});
  ASSERT_EQ(cleaned.exit_code, 0) << cleaned.err;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(harness.cli({"show", std::to_string(ids[i])}).exit_code, 3);
    // The folders of deleted jobs go on a thread of the daemon, after clean.
    std::filesystem::path folder = harness.state_dir() / "jobs" / std::to_string(ids[i]);
    EXPECT_TRUE(wait_until([&] { return !std::filesystem::exists(folder); })) << folder << " stays";
  }
  EXPECT_EQ(harness.cli({"show", std::to_string(ids[4])}).exit_code, 0);
}

// The job generates its docs once the file it is given is gone. With
// unique_for = 0s only unfinished work is deduplicated, so a submit after
// the job completed is served from the cache. The windows themselves
// (unique_for after completion, cache_ttl expiry) are checked on a manual
// clock in src/sched/engine_policy_test.cc.
const std::string kWebApp = std::string(Harness::kDefaultConfig) + R"(
[types.generate-docs]
command = ["sh", "-c", "while [ -e \"$0\" ]; do sleep 0.05; done; echo docs > $DROVER_ARTIFACTS/index.html; echo '@drover result {\"pages\": 3}'", "{hold}", "{url}"]
params.url = { type = "string", required = true, pattern = "https://.*" }
params.hold = { type = "string", required = true }
key = "{url}"
unique_for = "0s"
cache_ttl = "1h"
)";

TEST(Policies, WebAppStoryDedupesWhileItRunsThenServesFromCache) {
  Harness harness(kWebApp);
  harness.start_daemon();
  std::filesystem::path hold = harness.state_dir() / "hold-docs";
  std::ofstream(hold) << "held\n";
  const std::string url = "url=https://github.com/acme/app", held = "hold=" + hold.string();
  long long first = id_of(harness.cli({"submit", "generate-docs", url, held}));
  harness.wait_for_state(first, {"running"});
  EXPECT_EQ(id_of(harness.cli({"submit", "generate-docs", url, held})), first) << "clicked twice";
  std::filesystem::remove(hold);
  Json done = harness.wait_for_state(first, {"completed", "failed"});
  ASSERT_EQ(done["state"], "completed");
  EXPECT_EQ(done["result"]["pages"], 3);
  CliResult cached = harness.cli({"submit", "generate-docs", url, held, "--json"});
  ASSERT_EQ(cached.exit_code, 0) << cached.err;
  Json job = cached.json();
  EXPECT_NE(job["id"], first);
  EXPECT_EQ(job["state"], "completed") << "a cached result completes at once";
  EXPECT_EQ(job["cached_from"], first);
  EXPECT_EQ(job["result"]["pages"], 3);
  long long cached_id = job["id"].get<long long>();
  EXPECT_TRUE(std::filesystem::exists(harness.state_dir() / "jobs" / std::to_string(cached_id) /
                                      "artifacts" / "index.html"));
  EXPECT_EQ(job["attempts"].size(), 0u) << "a cached result ran again";
  CliResult listed = harness.cli({"cache", "ls", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  ASSERT_EQ(listed.json().size(), 1u);
  EXPECT_EQ(listed.json()[0]["job"], first) << listed.out;
}

// Moves a schedule's last run back in time, as if the daemon had been down.
void set_last_run(Harness& harness, const std::string& schedule, const std::string& sql_time) {
  CliResult updated = run_program(
      {"/usr/bin/sqlite3", (harness.state_dir() / "drover.db").string(),
       "UPDATE meta SET value = " + sql_time + " WHERE name = 'schedule:" + schedule + "'"},
      10s);
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
}

std::size_t jobs_of_type(Harness& harness, const std::string& type) {
  return harness.cli({"ls", "--all", "--type", type, "--json"}).json().size();
}

TEST(Policies, MissedScheduledRunFiresOnceAtStartUpWithCatchUpAndNeverTwice) {
  Harness harness(std::string(Harness::kDefaultConfig) + R"(
[types.nightly]
command = ["true"]
[types.hourly]
command = ["true"]
[schedules.with-catch-up]
type = "nightly"
cron = "0 2 * * *"
catch_up = true
[schedules.without]
type = "hourly"
cron = "@hourly"
)");
  harness.start_daemon();
  EXPECT_EQ(jobs_of_type(harness, "nightly"), 0u) << "a new schedule fired for the past";
  harness.stop_daemon();
  const std::string two_days_ago = "(strftime('%s','now') - 2 * 86400) * 1000";
  set_last_run(harness, "with-catch-up", two_days_ago);
  set_last_run(harness, "without", two_days_ago);
  harness.start_daemon();
  EXPECT_EQ(jobs_of_type(harness, "nightly"), 1u) << "two missed runs catch up as one";
  EXPECT_EQ(jobs_of_type(harness, "hourly"), 0u) << "catch_up is off";
  harness.kill_daemon();
  harness.start_daemon();
  EXPECT_EQ(jobs_of_type(harness, "nightly"), 1u) << "fired again after a restart";
}

TEST(Policies, CronOutOfRangeIsRefusedWithItsLine) {
  Harness harness(
      std::string(Harness::kDefaultConfig) +
      "[types.t]\ncommand = [\"true\"]\n[schedules.s]\ntype = \"t\"\ncron = \"0 25 * * *\"\n");
  CliResult result = harness.cli({"daemon"}, 10s);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("drover.toml:"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("hour must be 0-23, got 25"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace drover::testing
