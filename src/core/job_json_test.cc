#include "core/job_json.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

constexpr Millis kCreated = 1'795'516'200'000;  // 2026-11-24T10:30:00Z

Job running_clone_job() {
  Job job;
  job.id = 12;
  job.type = "clone-repos";
  job.params = {{"org", "acme"}, {"count", 245}};
  job.key = "org/repo";
  job.priority = 5;
  job.state = JobState::running;
  job.created_at = kCreated;
  job.started_at = kCreated + 1000;
  job.progress.current = 154;
  job.progress.total = 245;
  job.progress.item = "infrastructure-apo-platform";
  job.progress.rate = 0.1;
  job.progress.eta_seconds = 900;
  job.progress.items_completed = 153;
  job.progress.items_failed = 1;
  job.progress.failed = {{"infrastructure-adp", "permission denied"}};
  job.checkpoint = Checkpoint{{{"last", 153}}, kCreated + 5000};
  job.after = {3, 4};
  Attempt attempt;
  attempt.n = 1;
  attempt.pid = 4242;
  attempt.node = "host";
  attempt.started_at = kCreated + 1000;
  attempt.log_bytes = 10240;
  job.attempts = {attempt};
  job.history = {{kCreated + 1000, JobState::queued, JobState::running, "started"}};
  return job;
}

TEST(JobJson, HasTheFieldsOfTheDesign) {
  Json json = job_to_json(running_clone_job());
  for (const char* field :
       {"id",           "type",        "params",     "key",       "queue",      "priority",
        "state",        "wait_reason", "resume_at",  "resumable", "created_at", "started_at",
        "finished_at",  "progress",    "checkpoint", "result",    "error",      "cached_from",
        "deduplicated", "after",       "parent",     "phases",    "attempts",   "history"}) {
    EXPECT_TRUE(json.contains(field)) << field;
  }
  EXPECT_EQ(json["state"], "running");
  EXPECT_EQ(json["created_at"], "2026-11-24T10:30:00Z");
  EXPECT_EQ(json["finished_at"], nullptr);
  // Running: its checkpoint is not something to resume from yet.
  EXPECT_EQ(json["resumable"], false);
  Job stopped = running_clone_job();
  stopped.state = JobState::interrupted;
  EXPECT_EQ(job_to_json(stopped)["resumable"], true);  // stopped, with a checkpoint
  EXPECT_NEAR(json["progress"]["percentage"].get<double>(), 62.857, 0.001);
  EXPECT_EQ(json["progress"]["failed"][0]["item"], "infrastructure-adp");
  EXPECT_EQ(json["attempts"][0]["pid"], 4242);
}

TEST(JobJson, SummaryLeavesOutHistory) {
  EXPECT_FALSE(job_to_json(running_clone_job(), JsonDetail::summary).contains("history"));
}

TEST(JobJson, RoundTripKeepsWhatTheCliShows) {
  Job original = running_clone_job();
  Job back = job_from_json(job_to_json(original));
  EXPECT_EQ(back.id, original.id);
  EXPECT_EQ(back.type, original.type);
  EXPECT_EQ(back.params, original.params);
  EXPECT_EQ(back.key, original.key);
  EXPECT_EQ(back.priority, 5);
  EXPECT_EQ(back.state, JobState::running);
  EXPECT_EQ(back.created_at, original.created_at);
  EXPECT_EQ(back.started_at, original.started_at);
  EXPECT_EQ(back.finished_at, std::nullopt);
  EXPECT_EQ(back.progress.current, 154);
  EXPECT_EQ(back.progress.total, 245);
  EXPECT_EQ(back.progress.item, original.progress.item);
  EXPECT_EQ(back.progress.rate, 0.1);
  EXPECT_EQ(back.progress.failed.size(), 1u);
  ASSERT_TRUE(back.checkpoint.has_value());
  EXPECT_EQ(back.checkpoint->value, original.checkpoint->value);
  EXPECT_EQ(back.checkpoint->saved_at, original.checkpoint->saved_at);
  EXPECT_EQ(back.after, original.after);
  ASSERT_EQ(back.attempts.size(), 1u);
  EXPECT_EQ(back.attempts[0].pid, 4242);
  EXPECT_EQ(back.attempts[0].ended_at, std::nullopt);
  ASSERT_EQ(back.history.size(), 1u);
  EXPECT_EQ(back.history[0].to, JobState::running);
  EXPECT_EQ(back.history[0].reason, "started");
  // The second trip changes nothing: what goes out is what came in.
  EXPECT_EQ(job_to_json(back), job_to_json(original));
}

TEST(JobJson, FinishedJobWithResultAndError) {
  Job job;
  job.id = 3;
  job.type = "metadata";
  job.state = JobState::failed;
  job.created_at = kCreated;
  job.finished_at = kCreated + 60'000;
  job.error = "exit code 2";
  job.result = Json{{"docs", 10}};
  job.cached_from = 1;
  Job back = job_from_json(job_to_json(job));
  EXPECT_EQ(back.state, JobState::failed);
  EXPECT_EQ(back.finished_at, kCreated + 60'000);
  EXPECT_EQ(back.error, "exit code 2");
  EXPECT_EQ(back.result, job.result);
  EXPECT_EQ(back.cached_from, 1);
  EXPECT_FALSE(back.resumable());
}

TEST(JobJson, NoTotalMeansNoPercentage) {
  Progress progress;
  progress.current = 10;
  EXPECT_EQ(progress_to_json(progress)["percentage"], nullptr);
  progress.total = 5;  // more done than announced: capped, never above 100
  EXPECT_EQ(progress_to_json(progress)["percentage"], 100.0);
}

}  // namespace
}  // namespace drover
