// Policies declared in drover.toml, through the real daemon and CLI:
// unique_for dedupe, timeouts, retries with backoff, and clean.
#include <thread>

#include <gtest/gtest.h>

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
  long long forced = id_of(harness.cli({"submit", "generate", "url=https://a.example/x", "--force"}));
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
  Json job = harness.wait_for_state(id, {"failed"}, 30s);
  for (int i = 0; i < 100 && job["attempts"].size() < 3; ++i) {
    std::this_thread::sleep_for(100ms);
    job = harness.wait_for_state(id, {"failed"}, 30s);
  }
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
  for (long long id : ids) harness.wait_for_state(id, {"completed"});
  std::this_thread::sleep_for(1100ms);
  CliResult dry = harness.cli({"clean", "--older-than", "1s", "--keep", "2", "--dry-run", "--json"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.json()["would_remove"].size(), 3u);
  EXPECT_EQ(harness.cli({"show", std::to_string(ids[0])}).exit_code, 0) << "dry run removed";
  CliResult cleaned = harness.cli({"clean", "--older-than", "1s", "--keep", "2"});
  ASSERT_EQ(cleaned.exit_code, 0) << cleaned.err;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(harness.cli({"show", std::to_string(ids[i])}).exit_code, 3);
    // The folders go on the daemon's reaper thread, just after the answer.
    std::filesystem::path folder = harness.state_dir() / "jobs" / std::to_string(ids[i]);
    EXPECT_TRUE(wait_until([&] { return !std::filesystem::exists(folder); })) << folder;
  }
  EXPECT_EQ(harness.cli({"show", std::to_string(ids[4])}).exit_code, 0);
}

const std::string kWebApp = std::string(Harness::kDefaultConfig) + R"(
[types.generate-docs]
command = ["sh", "-c", "sleep 0.5; echo docs > $DROVER_ARTIFACTS/index.html; echo '@drover result {\"pages\": 3}'", "{url}"]
params.url = { type = "string", required = true, pattern = "https://.*" }
key = "{url}"
unique_for = "1s"
cache_ttl = "4s"
)";

TEST(Policies, WebAppStoryDedupesThenServesFromCacheUntilTheTtl) {
  Harness harness(kWebApp);
  harness.start_daemon();
  const std::string url = "url=https://github.com/acme/app";
  long long first = id_of(harness.cli({"submit", "generate-docs", url}));
  EXPECT_EQ(id_of(harness.cli({"submit", "generate-docs", url})), first) << "clicked twice";
  Json done = harness.wait_for_state(first, {"completed"});
  EXPECT_EQ(done["result"]["pages"], 3);
  std::this_thread::sleep_for(1200ms);  // past unique_for, within cache_ttl
  CliResult cached = harness.cli({"submit", "generate-docs", url, "--json"});
  ASSERT_EQ(cached.exit_code, 0) << cached.err;
  Json job = cached.json();
  EXPECT_NE(job["id"], first);
  EXPECT_EQ(job["state"], "completed") << "a cached result completes at once";
  EXPECT_EQ(job["cached_from"], first);
  EXPECT_EQ(job["result"]["pages"], 3);
  long long cached_id = job["id"].get<long long>();
  EXPECT_TRUE(std::filesystem::exists(harness.state_dir() / "jobs" / std::to_string(cached_id) /
                                      "artifacts" / "index.html"));
  CliResult listed = harness.cli({"cache", "ls", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.json().size(), 1u);
  std::this_thread::sleep_for(3500ms);  // past cache_ttl
  long long fresh = id_of(harness.cli({"submit", "generate-docs", url}));
  Json rerun = harness.wait_for_state(fresh, {"completed"});
  EXPECT_TRUE(rerun["cached_from"].is_null()) << "an expired cache entry was used";
  EXPECT_EQ(rerun["attempts"].size(), 1u);
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
  Harness harness(std::string(Harness::kDefaultConfig) +
                  "[types.t]\ncommand = [\"true\"]\n[schedules.s]\ntype = \"t\"\ncron = \"0 25 * * *\"\n");
  CliResult result = harness.cli({"daemon"}, 10s);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("drover.toml:"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("hour must be 0-23, got 25"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace drover::testing
