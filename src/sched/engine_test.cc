// The engine's decisions, driven through its public API with a fake runner
// and a manual clock: no process runs and no test waits for real time.
#include "sched/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include "sched/engine_harness.h"

namespace drover {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr Millis kSecond = 1000;
constexpr Millis kMinute = 60 * kSecond;
constexpr Millis kHour = 60 * kMinute;

constexpr const char* kConfig = R"(
[queues.default]
parallel = 4

[types.flaky]
command = ["fetch"]
retries = 2
backoff = "10s"

[types.slow]
command = ["crunch"]
timeout = "30s"

[types.step]
command = ["step", "{n}"]
params.n = { type = "integer" }
)";

// Until its commit is done the store still holds the running row: a client
// is not shown the end before it is stored, and the engine does not act on
// the stale row (it would bring the job back as running, with no process).
TEST(EngineReads, AJobThatJustEndedIsShownOnceStoredAndActedOnAsEnded) {
  EngineHarness h(kConfig);
  JobId id = h.submit("slow").id;
  ASSERT_TRUE(h.running(id));
  h.runner().start(id);
  h.settle();
  h.runner().exit(id, 3);  // staged, not committed: nothing has settled
  auto shown = h.engine().get(id);
  ASSERT_TRUE(shown.ok()) << shown.error().message;
  EXPECT_EQ(shown->state, JobState::running) << "a final state shown before it is stored";

  std::optional<Result<Job>> answer;
  h.engine().act(id, JobAction::cancel, [&answer](Result<Job> job) { answer = std::move(job); });
  h.settle();
  ASSERT_TRUE(answer.has_value());
  EXPECT_FALSE(answer->ok()) << "a failed job was cancelled";
  EXPECT_EQ(h.job(id).state, JobState::failed);
}

TEST(EngineRetry, RetriesAfterABackoffThatDoublesWithJitterThenFails) {
  EngineHarness h(kConfig);
  JobId id = h.submit("flaky").id;
  ASSERT_TRUE(h.running(id));
  h.runner().start(id);
  h.runner().exit(id, 3);

  Job waiting = h.job(id);
  EXPECT_EQ(waiting.state, JobState::queued);
  EXPECT_THAT(waiting.state_reason, StartsWith("retry 1 of 2 in "));
  ASSERT_TRUE(waiting.resume_at);
  Millis first = *waiting.resume_at - h.clock().now();
  EXPECT_GE(first, 7'500);  // 10 s +-25%
  EXPECT_LE(first, 12'500);

  h.advance(first - 1);
  EXPECT_FALSE(h.running(id)) << "started before its backoff ended";
  h.advance(1);
  ASSERT_TRUE(h.running(id));
  EXPECT_EQ(h.runner().attempt_of(id), 2);

  h.runner().exit(id, 3);
  Millis second = *h.job(id).resume_at - h.clock().now();
  EXPECT_GE(second, 15'000);  // doubled: 20 s +-25%
  EXPECT_LE(second, 25'000);
  h.advance(second);
  h.runner().exit(id, 3);

  Job failed = h.job(id);
  EXPECT_EQ(failed.state, JobState::failed);
  EXPECT_EQ(failed.state_reason, "exit code 3");
  EXPECT_EQ(failed.attempts.size(), 3u);
}

TEST(EngineRetry, TheSameSeedGivesTheSameJitter) {
  auto first_backoff = [](std::uint64_t seed) {
    EngineHarness h(kConfig, seed);
    JobId id = h.submit("flaky").id;
    h.runner().exit(id, 1);
    return *h.job(id).resume_at - h.clock().now();
  };
  EXPECT_EQ(first_backoff(7), first_backoff(7));
  EXPECT_NE(first_backoff(7), first_backoff(8));
}

TEST(EngineTimeout, AnAttemptPastItsTimeoutIsStoppedAndFails) {
  EngineHarness h(kConfig);
  JobId id = h.submit("slow").id;
  h.runner().start(id);
  h.advance(30 * kSecond - 1);
  EXPECT_TRUE(h.runner().stops.empty());
  h.advance(1);
  ASSERT_EQ(h.runner().stops.size(), 1u);
  EXPECT_EQ(h.runner().stops[0].job_id, id);
  EXPECT_EQ(h.runner().stops[0].mode, StopMode::soft);

  h.runner().kill(id, SIGTERM);
  Job failed = h.job(id);
  EXPECT_EQ(failed.state, JobState::failed);
  EXPECT_EQ(failed.state_reason, "timed out after 30s");
}

TEST(EnginePause, AJobThatPausesUntilALaterTimeResumesByItselfFromItsCheckpoint) {
  EngineHarness h(kConfig);
  JobId id = h.submit("slow").id;
  h.runner().start(id);
  h.runner().report(id, checkpoint_event({{"page", 7}}));
  Millis until = h.clock().now() + 2 * kHour;
  h.runner().report(id, pause_event(until, "rate limited"));
  h.runner().exit(id, 0);

  Job paused = h.job(id);
  EXPECT_EQ(paused.state, JobState::paused);
  EXPECT_EQ(paused.state_reason, "rate limited");
  EXPECT_EQ(paused.resume_at, until);

  h.advance(2 * kHour - kSecond);
  EXPECT_EQ(h.job(id).state, JobState::paused);
  h.advance(kSecond);
  ASSERT_TRUE(h.running(id));
  EXPECT_EQ(h.runner().attempt_of(id), 2);
  ASSERT_TRUE(h.launched().back().checkpoint);
  EXPECT_EQ(*h.launched().back().checkpoint, (Json{{"page", 7}}));
}

TEST(EngineCancel, ACancelWhileTheAttemptStartsIsSentOnceTheJobRuns) {
  EngineHarness h(kConfig);
  JobId id = h.submit("slow").id;
  ASSERT_TRUE(h.running(id));  // launched, its process not started yet

  Job asked = h.act(id, JobAction::cancel);
  EXPECT_EQ(asked.state, JobState::running);
  EXPECT_TRUE(h.runner().stops.empty()) << "no job process to stop yet";

  h.runner().start(id);
  ASSERT_EQ(h.runner().stops.size(), 1u);
  EXPECT_EQ(h.runner().stops[0].mode, StopMode::soft);
  h.runner().kill(id, SIGTERM);
  Job cancelled = h.job(id);
  EXPECT_EQ(cancelled.state, JobState::cancelled);
  EXPECT_EQ(cancelled.state_reason, "cancelled by user");
}

TEST(EngineCancel, ALaunchThatFailsEndsTheJobWithTheReason) {
  EngineHarness h(kConfig);
  h.runner().fail_next_launch = "cannot write spec.json: No space left on device";
  JobId id = h.submit("slow").id;
  Job failed = h.job(id);
  EXPECT_EQ(failed.state, JobState::failed);
  EXPECT_THAT(failed.state_reason, HasSubstr("No space left on device"));
}

TEST(EngineDependencies, AJobAfterAnotherStartsWhenItCompletesAndFailsWhenItFails) {
  EngineHarness h(kConfig);
  JobId first = h.submit("slow").id;
  SubmitRequest second_request;
  second_request.type = "slow";
  second_request.after = {first};
  JobId second = h.submit(second_request).id;
  SubmitRequest third_request = second_request;
  third_request.after = {second};
  JobId third = h.submit(third_request).id;

  EXPECT_FALSE(h.running(second));
  EXPECT_EQ(h.job(second).wait_reason, fmt::format("after job {}", first));
  h.runner().exit(first, 0);
  ASSERT_TRUE(h.running(second));
  EXPECT_FALSE(h.running(third));

  h.runner().exit(second, 1);
  Job failed = h.job(third);
  EXPECT_EQ(failed.state, JobState::failed);
  EXPECT_EQ(failed.state_reason, fmt::format("dependency {} failed", second));
}

TEST(EngineInterrupted, AnAttemptWhoseRunnerVanishedIsInterruptedAndResumable) {
  EngineHarness h(kConfig);
  JobId id = h.submit("slow").id;
  h.runner().start(id);
  h.runner().report(id, checkpoint_event({{"page", 3}}));
  h.runner().vanish(id);
  Job interrupted = h.job(id);
  EXPECT_EQ(interrupted.state, JobState::interrupted);
  EXPECT_THAT(interrupted.state_reason, HasSubstr("vanished"));

  h.act(id, JobAction::resume);
  ASSERT_TRUE(h.running(id));
  EXPECT_EQ(*h.launched().back().checkpoint, (Json{{"page", 3}}));
}

ChainSpec three_steps() {
  ChainSpec chain;
  chain.name = "steps";
  for (int n = 1; n <= 3; ++n) chain.phases.push_back({"step", Json{{"n", n}}, 1.0});
  return chain;
}

std::vector<std::string> launched_steps(const std::vector<LaunchRequest>& launched) {
  std::vector<std::string> steps;
  for (const LaunchRequest& request : launched) steps.push_back(request.argv.at(1));
  return steps;
}

TEST(EngineChains, AChainInterruptedByARestartResumesPastItsCompletedPhases) {
  EngineHarness h(kConfig);
  Job parent = h.wait_for<ChainSubmitted>([&](Reply<ChainSubmitted> reply) {
                  h.engine().submit_chain(three_steps(), reply);
                }).parent;
  JobId first = h.launched().back().job_id;
  h.runner().exit(first, 0);
  JobId second = h.launched().back().job_id;
  ASSERT_NE(second, first);
  h.runner().start(second);

  h.restart(Reconciled::vanished);  // the host rebooted: the second phase's shim is gone
  EXPECT_EQ(h.job(second).state, JobState::interrupted);
  EXPECT_EQ(h.job(parent.id).state, JobState::interrupted);

  h.act(parent.id, JobAction::resume);
  EXPECT_EQ(launched_steps(h.launched()), (std::vector<std::string>{"2"}));
  h.runner().exit(second, 0);
  EXPECT_EQ(launched_steps(h.launched()), (std::vector<std::string>{"2", "3"}));
  h.runner().exit(h.launched().back().job_id, 0);
  Job done = h.job(parent.id);
  EXPECT_EQ(done.state, JobState::completed);
  EXPECT_EQ(done.progress.percentage(), 100.0);
}

TEST(EngineRestart, AnAttemptThatStillRunsIsAdoptedAndNotRunAgain) {
  EngineHarness h(kConfig);
  JobId id = h.submit("slow").id;
  h.runner().start(id);
  h.restart(Reconciled::adopted);
  EXPECT_EQ(h.runner().reconciled.size(), 1u);
  EXPECT_TRUE(h.launched().empty()) << "a running attempt was started again";
  h.runner().exit(id, 0);
  EXPECT_EQ(h.job(id).state, JobState::completed);
}

std::string with_schedule(const std::string& cron, bool catch_up) {
  return std::string(kConfig) + "\n[schedules.hourly]\ntype = \"slow\"\ncron = \"" + cron +
         "\"\ncatch_up = " + (catch_up ? "true" : "false") + "\n";
}

std::size_t jobs_of(Engine& engine, const std::string& type) {
  ListRequest request;
  request.filter.type = type;
  request.filter.limit = 1000;
  auto page = engine.list(request);
  return page ? page->jobs.size() : 0;
}

TEST(EngineSchedules, ACronScheduleFiresOnceAtEachTimeAndOnceAfterAClockJump) {
  EngineHarness h(with_schedule("0 * * * *", false));  // starts at 10:30
  h.advance(30 * kMinute - kSecond);
  EXPECT_EQ(jobs_of(h.engine(), "slow"), 0u);
  h.advance(kSecond);  // 11:00
  EXPECT_EQ(jobs_of(h.engine(), "slow"), 1u);

  h.clock().advance(5 * kHour);  // the wall clock jumps to 16:00 (a laptop woke up)
  h.advance(0);
  EXPECT_EQ(jobs_of(h.engine(), "slow"), 2u)
      << "the runs missed in the jump fire once, not five times";

  h.clock().advance(-2 * kHour);  // and back to 14:00: nothing runs again before 17:00
  h.advance(2 * kHour + 59 * kMinute);
  EXPECT_EQ(jobs_of(h.engine(), "slow"), 2u);
  h.advance(kMinute);
  EXPECT_EQ(jobs_of(h.engine(), "slow"), 3u);
}

TEST(EngineSchedules, ARunMissedWhileStoppedFiresAtStartWhenCatchUpIsOn) {
  EngineHarness h(with_schedule("0 * * * *", true));
  h.advance(30 * kMinute);  // 11:00: one run
  ASSERT_EQ(jobs_of(h.engine(), "slow"), 1u);
  h.clock().advance(3 * kHour);  // down from 11:00 to 14:00
  h.restart(Reconciled::vanished);
  EXPECT_EQ(jobs_of(h.engine(), "slow"), 2u);
}

}  // namespace
}  // namespace drover
