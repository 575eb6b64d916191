#include "sched/job_admission.h"
#include "core/config_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace drover {
namespace {

using ::testing::HasSubstr;

Config config() {
  auto parsed = parse_config(R"(
[queues.default]
[queues.bulk]
[resources]
gpu = 1
[types.docs]
command = ["make-docs", "{repo}"]
params.repo = { type = "string", required = true }
key = "{repo}"
unique_for = "1m"
cache_ttl = "10m"
[types.train]
command = ["train"]
resources = ["gpu"]
conflict = "model-{name}"
params.name = { type = "string", required = true }
[types.render]
command = ["render"]
resources = ["{farm}"]
params.farm = { type = "string", default = "cpu" }
)",
                             "drover.toml");
  EXPECT_TRUE(parsed) << parsed.error().message;
  return *parsed;
}

SubmitRequest request(std::string type, Json params) {
  SubmitRequest submit;
  submit.type = std::move(type);
  submit.params = std::move(params);
  return submit;
}

TEST(JobAdmission, ARequestBecomesAQueuedJobWithItsKeyQueueAndStartTime) {
  SubmitRequest submit = request("docs", {{"repo", "acme/app"}});
  submit.queue = "bulk";
  submit.priority = 5;
  submit.delay = 30'000;
  auto job = job_from_request(config(), submit, 1'000);
  ASSERT_TRUE(job) << job.error().message;
  EXPECT_EQ(job->key, "acme/app");
  EXPECT_EQ(job->queue, "bulk");
  EXPECT_EQ(job->priority, 5);
  EXPECT_EQ(job->resume_at, 31'000);
  EXPECT_EQ(job->created_at, 1'000);
}

TEST(JobAdmission, BadRequestsAreRefusedNamingTheChoices) {
  EXPECT_THAT(job_from_request(config(), request("doc", {}), 0).error().message,
              HasSubstr("unknown type \"doc\"; declared types: docs, render, shell, train"));
  SubmitRequest queue = request("docs", {{"repo", "a"}});
  queue.queue = "fast";
  EXPECT_THAT(job_from_request(config(), queue, 0).error().message,
              HasSubstr("declared queues: bulk, default"));
  EXPECT_THAT(job_from_request(config(), request("render", {{"farm", "tpu"}}), 0).error().message,
              HasSubstr("needs resource \"tpu\" (from \"{farm}\"), which is not declared; "
                        "declared resources: gpu"));
}

TEST(JobAdmission, ClaimsNameTheResourcesAndTheConflictKey) {
  Job job = *job_from_request(config(), request("train", {{"name", "bert"}}), 0);
  auto claims = claims_for(config(), job);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->resources, (std::vector<std::string>{"gpu"}));
  EXPECT_EQ(claims->conflict, "model-bert");
}

TEST(JobAdmission, UnfinishedWorkIsTheSameJobAndCompletedWorkOnlyWithinTheWindow) {
  Config declared = config();
  const TypeConfig& docs = *declared.find_type("docs");
  EXPECT_TRUE(is_same_work(docs, JobRef{3, JobState::running, std::nullopt}, 1'000'000));
  JobRef done{3, JobState::completed, 100'000};
  EXPECT_TRUE(is_same_work(docs, done, 160'000));
  EXPECT_FALSE(is_same_work(docs, done, 160'001));
  TypeConfig plain;
  EXPECT_FALSE(is_same_work(plain, JobRef{3, JobState::running, std::nullopt}, 0))
      << "a type without unique_for never dedupes";
}

TEST(JobAdmission, ACacheEntryAnswersUntilItsTtl) {
  Config declared = config();
  const TypeConfig& docs = *declared.find_type("docs");
  EXPECT_TRUE(is_cache_fresh(docs, 0, 600'000));
  EXPECT_FALSE(is_cache_fresh(docs, 0, 600'001));
  EXPECT_FALSE(is_cache_fresh(TypeConfig{}, 0, 0));
}

TEST(JobAdmission, TheResumableRefusalSaysWhichJobToResumeAndHow) {
  Job earlier;
  earlier.id = 8;
  earlier.progress.current = 40;
  earlier.progress.total = 100;
  earlier.checkpoint = Checkpoint{Json{{"page", 4}}, 0};
  Error refusal = resumable_refusal(earlier, 120'000);
  EXPECT_EQ(refusal.code, ErrorCode::conflict);
  EXPECT_THAT(refusal.message, HasSubstr("job 8 did the same work and can resume (40%, "));
  EXPECT_THAT(refusal.message, HasSubstr("`drover resume 8`, or start fresh with --force"));
  EXPECT_EQ(refusal.details["resumable_job"], 8);
}

}  // namespace
}  // namespace drover
