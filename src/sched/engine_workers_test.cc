// Worker jobs through the engine: fetch, reports, leases, stops and
// restarts, with a manual clock, so a lease expires when the test moves time.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sched/engine_harness.h"

namespace drover {
namespace {

using ::testing::HasSubstr;

constexpr Millis kSecond = 1000;

constexpr const char* kConfig = R"(
[queues.default]
parallel = 4

[types.docs]
runner = "worker"
lease = "30s"
retries = 1
params.repo = { type = "string" }

[types.import]
runner = "worker"
lease = "10s"
grace = "5s"

[types.build]
command = ["make"]
)";

class WorkerJobs : public ::testing::Test {
 protected:
  EngineHarness h{kConfig};

  std::vector<Assignment> fetch(std::vector<std::string> types, int max = 10,
                                const std::string& worker = "w1") {
    FetchRequest request{{worker, "host-1", 4242}, std::move(types), max, 0};
    return h.wait_for<std::vector<Assignment>>(
        [&](auto reply) { h.engine().fetch_work(std::move(request), reply); });
  }

  Result<ReportAnswer> report(const Assignment& held, std::vector<JobEvent> events,
                              WorkerEnd end = WorkerEnd::none, std::string error = "") {
    WorkerReport report{held.offer.job_id, held.offer.token, std::move(events), end,
                        std::move(error)};
    auto answers = h.wait_for<std::vector<Result<ReportAnswer>>>(
        [&](auto reply) { h.engine().report_work({std::move(report)}, reply); });
    return answers.front();
  }
};

TEST_F(WorkerJobs, AWorkerFetchesReportsAndCompletesAJob) {
  JobId id = h.submit("docs", {{"repo", "r"}}).id;
  EXPECT_EQ(h.job(id).state, JobState::running);
  auto taken = fetch({"docs"});
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].offer.params["repo"], "r");
  EXPECT_FALSE(taken[0].offer.checkpoint.has_value());
  ASSERT_TRUE(report(taken[0], {progress_event(3, 10)}));
  Job running = h.job(id);
  EXPECT_EQ(running.progress.current, 3);
  EXPECT_EQ(running.attempts.back().worker, "w1");
  EXPECT_EQ(running.attempts.back().pid, 4242);
  JobEvent result;
  result.kind = EventKind::result;
  result.value = {{"path", "/docs"}};
  ASSERT_TRUE(report(taken[0], {result}, WorkerEnd::completed));
  Job done = h.job(id);
  EXPECT_EQ(done.state, JobState::completed);
  EXPECT_EQ((*done.result)["path"], "/docs");
}

TEST_F(WorkerJobs, ACommandTypeIsNeverOfferedAndCannotBeFetched) {
  JobId id = h.submit("build").id;
  EXPECT_TRUE(h.running(id));  // on the fake runner, as a command job
  std::optional<Result<std::vector<Assignment>>> answer;
  h.engine().fetch_work(FetchRequest{{"w", "", 0}, {"build"}, 1, 0},
                        [&](auto result) { answer = std::move(result); });
  ASSERT_TRUE(answer.has_value());
  ASSERT_FALSE(*answer);
  EXPECT_THAT(answer->error().message, HasSubstr("runs a command"));
}

TEST_F(WorkerJobs, AReportWithAWrongTokenIsRefusedAndChangesNothing) {
  JobId id = h.submit("docs").id;
  auto taken = fetch({"docs"});
  Assignment forged = taken[0];
  forged.offer.token = "0123";
  auto refused = report(forged, {progress_event(5, 10)}, WorkerEnd::completed);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  Job job = h.job(id);
  EXPECT_EQ(job.state, JobState::running);
  EXPECT_EQ(job.progress.current, 0);
}

TEST_F(WorkerJobs, AnExpiredLeaseIsRetriedAndTheRetryResumesFromTheCheckpoint) {
  JobId id = h.submit("docs").id;
  auto first = fetch({"docs"});
  ASSERT_TRUE(report(first[0], {checkpoint_event({{"page", 7}})}));
  h.advance(31 * kSecond);  // no report for longer than the lease
  Job lost = h.job(id);
  EXPECT_EQ(lost.state, JobState::queued);
  EXPECT_THAT(lost.error.value_or(""), HasSubstr("lease expired"));
  h.advance(5 * kSecond);  // the retry's backoff
  auto second = fetch({"docs"}, 10, "w2");
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].offer.attempt, 2);
  EXPECT_EQ((*second[0].offer.checkpoint)["page"], 7);
  auto late = report(first[0], {}, WorkerEnd::completed);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::conflict);
  // No retries left: a second lost lease leaves the job resumable.
  h.advance(31 * kSecond);
  Job interrupted = h.job(id);
  EXPECT_EQ(interrupted.state, JobState::interrupted);
  EXPECT_TRUE(interrupted.resumable());
}

TEST_F(WorkerJobs, ReportsKeepTheLeaseAlive) {
  JobId id = h.submit("docs").id;
  auto taken = fetch({"docs"});
  for (int i = 1; i <= 5; ++i) {
    h.advance(20 * kSecond);
    ASSERT_TRUE(report(taken[0], {progress_event(i, 5)}));
  }
  EXPECT_EQ(h.job(id).state, JobState::running);
}

TEST_F(WorkerJobs, ACancelledJobIsToldAndEndsCancelledWithItsCheckpoint) {
  JobId id = h.submit("import").id;
  auto taken = fetch({"import"});
  ASSERT_TRUE(report(taken[0], {checkpoint_event({{"issue", 40}})}));
  h.act(id, JobAction::cancel);
  auto told = report(taken[0], {});
  ASSERT_TRUE(told);
  EXPECT_TRUE(told->stop);
  EXPECT_EQ(told->stop_reason, "cancel");
  ASSERT_TRUE(report(taken[0], {}, WorkerEnd::failed, "cancelled"));
  Job job = h.job(id);
  EXPECT_EQ(job.state, JobState::cancelled);
  ASSERT_TRUE(job.checkpoint.has_value());
  EXPECT_EQ(job.checkpoint->value["issue"], 40);
}

TEST_F(WorkerJobs, AWorkerThatIgnoresACancelLosesTheJobAfterTheGrace) {
  JobId id = h.submit("import").id;
  auto taken = fetch({"import"});
  h.act(id, JobAction::cancel);
  ASSERT_TRUE(report(taken[0], {})->stop);
  h.advance(4 * kSecond);
  ASSERT_TRUE(report(taken[0], {progress_event(1, 2)}));  // renews no further than the grace
  h.advance(2 * kSecond);
  EXPECT_EQ(h.job(id).state, JobState::cancelled);
  EXPECT_FALSE(report(taken[0], {}));
}

TEST_F(WorkerJobs, AJobCancelledBeforeAnyWorkerFetchedItEndsAtOnce) {
  JobId id = h.submit("docs").id;
  h.act(id, JobAction::cancel);
  EXPECT_EQ(h.job(id).state, JobState::cancelled);
  EXPECT_TRUE(fetch({"docs"}).empty());
}

TEST_F(WorkerJobs, AJobThatPausesItselfResumesByItself) {
  JobId id = h.submit("import").id;
  auto taken = fetch({"import"});
  JobEvent pause;
  pause.kind = EventKind::pause;
  pause.until = h.clock().now() + 2 * kSecond;
  pause.text = "rate limited";
  ASSERT_TRUE(report(taken[0], {pause}, WorkerEnd::completed));
  EXPECT_EQ(h.job(id).state, JobState::paused);
  h.advance(2 * kSecond);
  EXPECT_EQ(h.job(id).state, JobState::running);
  EXPECT_EQ(fetch({"import"}).size(), 1u);
}

TEST_F(WorkerJobs, AFailureIsRetriedWithTheWorkersMessage) {
  JobId id = h.submit("docs").id;
  auto taken = fetch({"docs"});
  ASSERT_TRUE(report(taken[0], {}, WorkerEnd::failed, "repository not found"));
  Job job = h.job(id);
  EXPECT_EQ(job.state, JobState::queued);
  EXPECT_EQ(job.error.value_or(""), "repository not found");
}

TEST_F(WorkerJobs, AWaitingFetchIsAnsweredWhenAJobArrivesOrItsWaitEnds) {
  std::optional<Result<std::vector<Assignment>>> answer;
  h.engine().fetch_work(FetchRequest{{"w", "", 0}, {"docs"}, 5, 10 * kSecond},
                        [&](auto result) { answer = std::move(result); });
  h.settle();
  EXPECT_FALSE(answer.has_value());
  EXPECT_TRUE(h.engine().workers().front().fetching);
  JobId id = h.submit("docs").id;
  ASSERT_TRUE(answer.has_value() && *answer);
  ASSERT_EQ((*answer)->size(), 1u);
  EXPECT_EQ((*answer)->front().offer.job_id, id);
  answer.reset();
  h.engine().fetch_work(FetchRequest{{"w", "", 0}, {"docs"}, 5, 10 * kSecond},
                        [&](auto result) { answer = std::move(result); });
  h.advance(10 * kSecond);
  ASSERT_TRUE(answer.has_value() && *answer);
  EXPECT_TRUE((*answer)->empty());
}

TEST_F(WorkerJobs, AnAbandonedFetchTakesNothingAndAnAttemptGivenBackIsOfferedAgain) {
  std::optional<Result<std::vector<Assignment>>> answer;
  std::uint64_t waiting =
      h.engine().fetch_work(FetchRequest{{"gone", "", 0}, {"docs"}, 5, 10 * kSecond},
                            [&](auto result) { answer = std::move(result); });
  ASSERT_NE(waiting, 0u);
  h.engine().abandon_fetch(waiting);
  h.settle();
  ASSERT_TRUE(answer.has_value() && *answer);
  EXPECT_TRUE((*answer)->empty());
  JobId id = h.submit("docs").id;
  auto taken = fetch({"docs"}, 10, "w1");
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(h.job(id).current_attempt()->worker, "w1");
  h.engine().give_back_work(taken);
  h.settle();
  EXPECT_EQ(h.job(id).current_attempt()->worker, "");
  auto again = fetch({"docs"}, 10, "w2");
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].offer.job_id, id);
  EXPECT_EQ(again[0].offer.attempt, 1);
  EXPECT_EQ(h.job(id).current_attempt()->worker, "w2");
}

TEST_F(WorkerJobs, ARestartKeepsTheLeasesWorkersHold) {
  JobId held = h.submit("docs").id;
  auto taken = fetch({"docs"});
  JobId offered = h.submit("docs").id;  // on offer, never fetched
  h.restart(Reconciled::vanished);
  h.advance(20 * kSecond);
  ASSERT_TRUE(report(taken[0], {progress_event(2, 4)}));
  EXPECT_EQ(h.job(held).progress.current, 2);
  auto again = fetch({"docs"});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].offer.job_id, offered);
  EXPECT_EQ(again[0].offer.attempt, 1);
  ASSERT_TRUE(report(taken[0], {}, WorkerEnd::completed));
  EXPECT_EQ(h.job(held).state, JobState::completed);
}

TEST_F(WorkerJobs, TheWorkerListShowsWhoHoldsWhat) {
  JobId id = h.submit("docs").id;
  fetch({"docs"}, 1, "alpha");
  auto workers = h.engine().workers();
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers[0].identity.id, "alpha");
  EXPECT_EQ(workers[0].identity.host, "host-1");
  EXPECT_EQ(workers[0].jobs, std::vector<JobId>{id});
  EXPECT_EQ(workers[0].types, std::vector<std::string>{"docs"});
}

}  // namespace
}  // namespace drover
