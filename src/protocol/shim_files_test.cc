#include "protocol/shim_files.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(ShimSpec, RoundTrips) {
  ShimSpec spec;
  spec.job_id = 12;
  spec.attempt = 2;
  spec.token = "tok-12-2";
  spec.argv = {"git", "clone", "--depth=1", "https://x"};
  spec.env = {{"DROVER_JOB_ID", "12"}};
  spec.cwd = "/srv";
  spec.log_max = 1024;
  spec.grace = 500;
  spec.checkpoint_path = "/state/jobs/12/2/checkpoint.json";
  spec.redact_patterns = {"ghp_[A-Za-z0-9]+", "token=\\S+"};
  auto parsed = parse_spec(format_spec(spec));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->job_id, 12);
  EXPECT_EQ(parsed->attempt, 2);
  EXPECT_EQ(parsed->token, spec.token);
  EXPECT_EQ(parsed->argv, spec.argv);
  EXPECT_EQ(parsed->env, spec.env);
  EXPECT_EQ(parsed->cwd, "/srv");
  EXPECT_EQ(parsed->log_max, 1024u);
  EXPECT_EQ(parsed->grace, 500);
  EXPECT_EQ(parsed->checkpoint_path, spec.checkpoint_path);
  EXPECT_EQ(parsed->redact_patterns, spec.redact_patterns);
}

TEST(ShimSpec, CarriesTheAttemptCgroupAndItsLimits) {
  ShimSpec spec;
  spec.job_id = 3;
  spec.attempt = 1;
  spec.token = "t";
  spec.argv = {"x"};
  spec.cgroup = "/sys/fs/cgroup/drover-1/job-3-1";
  spec.memory_max = 64ull << 20;
  spec.cpu_max = 0.5;
  auto parsed = parse_spec(format_spec(spec));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->cgroup, spec.cgroup);
  EXPECT_EQ(parsed->memory_max, spec.memory_max);
  EXPECT_EQ(parsed->cpu_max, 0.5);
  auto plain = parse_spec(R"({"job_id":1,"attempt":1,"token":"t","argv":["x"]})");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->cgroup, "");
  EXPECT_FALSE(plain->memory_max || plain->cpu_max);
}

TEST(ShimSpec, RedactPatternsAreOptional) {
  auto parsed = parse_spec(R"({"job_id":1,"attempt":1,"token":"t","argv":["x"]})");
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->redact_patterns.empty());
  EXPECT_FALSE(
      parse_spec(R"({"job_id":1,"attempt":1,"token":"t","argv":["x"],"redact_patterns":[1]})")
          .ok());
}

TEST(ShimSpec, MissingOrMistypedFieldsAreErrorsNamingTheFile) {
  auto missing = parse_spec(R"({"job_id":1,"attempt":1,"token":"t"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("spec.json"), std::string::npos);
  EXPECT_FALSE(parse_spec(R"({"job_id":1,"attempt":1,"token":"t","argv":[]})").ok());
  EXPECT_FALSE(parse_spec(R"({"job_id":"1","attempt":1,"token":"t","argv":["x"]})").ok());
  EXPECT_FALSE(parse_spec("").ok());
  EXPECT_FALSE(parse_spec("[]").ok());
}

TEST(ShimClaim, RoundTripsALiveClaimAndAnAbandonedOne) {
  ShimClaim claim{4242, 987654, "boot-1", "tok", 4243, false, 55555, 1500, "/cg/job-1-1"};
  auto parsed = parse_claim(format_claim(claim));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->shim_pid, 4242);
  EXPECT_EQ(parsed->shim_start_ticks, 987654u);
  EXPECT_EQ(parsed->boot_id, "boot-1");
  EXPECT_EQ(parsed->job_pid, 4243);
  EXPECT_EQ(parsed->job_start_ticks, 55555u);
  EXPECT_EQ(parsed->grace, 1500);
  EXPECT_EQ(parsed->cgroup, "/cg/job-1-1");
  EXPECT_FALSE(parsed->abandoned);
  ShimClaim abandoned;
  abandoned.token = "tok";
  abandoned.abandoned = true;
  EXPECT_NE(format_claim(abandoned).find(R"("abandoned":true)"), std::string::npos);
  auto parsed_abandoned = parse_claim(format_claim(abandoned));
  ASSERT_TRUE(parsed_abandoned.ok());
  EXPECT_TRUE(parsed_abandoned->abandoned);
  EXPECT_FALSE(parsed_abandoned->job_pid);
}

TEST(ShimFiles, NumbersThatAreNotWholeOrDoNotFitAreErrorsNamingTheField) {
  // Found by fuzzing: a huge pid was converted to int (undefined behaviour).
  auto huge = parse_claim(R"({"shim_pid":44444444444444444444444444444242,"token":"t"})");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message.find("\"shim_pid\""), std::string::npos) << huge.error().message;
  EXPECT_FALSE(parse_claim(R"({"shim_pid":1,"job_pid":4294967296,"token":"t"})").ok());
  EXPECT_FALSE(parse_claim(R"({"shim_pid":1,"shim_start_ticks":-1,"token":"t"})").ok());
  EXPECT_FALSE(parse_spec(R"({"job_id":1,"attempt":1.5,"token":"t","argv":["x"]})").ok());
  EXPECT_FALSE(
      parse_spec(R"({"job_id":1,"attempt":1,"token":"t","argv":["x"],"log_max":-5})").ok());
  EXPECT_FALSE(
      parse_exit(R"({"token":"t","ended_at":"2026-11-30T08:30:00Z","exit_code":1e300})").ok());
  EXPECT_TRUE(parse_claim(R"({"shim_pid":2147483647,"token":"t"})").ok());
}

TEST(ShimExit, RoundTripsExitCodeSignalAndStop) {
  ShimExit exit;
  exit.token = "tok";
  exit.signal = 9;
  exit.ended_at = 1'795'948'200'123;
  exit.log_bytes = 1 << 20;
  exit.log_truncated = true;
  exit.stop = ShimStop::soft;
  std::string text = format_exit(exit);
  EXPECT_NE(text.find(R"("stop":"soft")"), std::string::npos);
  EXPECT_EQ(text.find("exit_code"), std::string::npos);
  auto parsed = parse_exit(text);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->token, "tok");
  EXPECT_EQ(parsed->signal, 9);
  EXPECT_FALSE(parsed->exit_code);
  EXPECT_EQ(parsed->ended_at, exit.ended_at);
  EXPECT_EQ(parsed->log_bytes, 1u << 20);
  EXPECT_TRUE(parsed->log_truncated);
  EXPECT_EQ(parsed->stop, ShimStop::soft);
}

TEST(ShimExit, HalfWrittenOrForeignTextIsAnError) {
  EXPECT_FALSE(parse_exit(R"({"token":"tok","ended_at":"2026-11-30T08:30:00Z","exit_)").ok());
  EXPECT_FALSE(parse_exit(R"({"token":"tok","ended_at":"never"})").ok());
  EXPECT_FALSE(parse_exit(R"({"ended_at":"2026-11-30T08:30:00Z"})").ok());
}

}  // namespace
}  // namespace drover
