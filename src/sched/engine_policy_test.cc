// The engine's submit policies, driven with a fake runner and a manual
// clock: dedupe by key within unique_for, the result cache within cache_ttl,
// --force, and the refusal to start over work that can resume. No process
// runs and no test waits for real time.
#include "sched/engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include "sched/engine_harness.h"

namespace drover {
namespace {

using ::testing::HasSubstr;

constexpr Millis kMinute = 60'000;

constexpr const char* kConfig = R"(
[queues.default]
parallel = 8

# Deduped and cached: a web app's "generate the docs of this repository".
[types.docs]
command = ["docs", "{url}", "{depth}"]
params.url = { type = "string", required = true }
params.depth = { type = "integer", default = 1 }
key = "{url}"
unique_for = "1m"
cache_ttl = "10m"

# Deduped only.
[types.lint]
command = ["lint", "{url}"]
params.url = { type = "string", required = true }
key = "{url}"
unique_for = "1m"

# Neither: long work that saves checkpoints.
[types.extract]
command = ["extract", "{source}"]
params.source = { type = "string", required = true }
key = "{source}"

# Deduped, and saves checkpoints.
[types.import]
command = ["import", "{repo}"]
params.repo = { type = "string", required = true }
key = "{repo}"
unique_for = "1m"
)";

SubmitRequest request(const std::string& type, Json params, bool force = false) {
  SubmitRequest made;
  made.type = type;
  made.params = std::move(params);
  made.force = force;
  return made;
}

Json url(const std::string& value) { return Json{{"url", value}}; }

// A result or a checkpoint event.
JobEvent valued(EventKind kind, Json value) {
  JobEvent event;
  event.kind = kind;
  event.value = std::move(value);
  return event;
}

// The engine's answer to a submit, a refusal included (EngineHarness::submit
// throws on one).
Result<Job> try_submit(EngineHarness& h, SubmitRequest submitted) {
  std::optional<Result<Job>> answer;
  h.engine().submit(std::move(submitted), [&answer](Result<Job> job) { answer = std::move(job); });
  h.settle();
  if (!answer) return make_error(ErrorCode::internal, "the engine did not reply");
  return std::move(*answer);
}

// `job` is work run anew: no duplicate, nothing from the cache, and the
// last of `launches` attempts launched so far.
void expect_run_anew(EngineHarness& h, const Job& job, std::size_t launches) {
  EXPECT_FALSE(job.deduplicated);
  EXPECT_FALSE(job.cached_from);
  ASSERT_EQ(h.launched().size(), launches);
  EXPECT_EQ(h.launched().back().job_id, job.id);
}

// The job's launched attempt starts, reports `result` and exits 0.
void complete(EngineHarness& h, JobId id, Json result) {
  ASSERT_TRUE(h.running(id)) << "job " << id << " was not launched";
  h.runner().start(id);
  h.runner().report(id, valued(EventKind::result, std::move(result)));
  h.runner().exit(id, 0);
  ASSERT_EQ(h.job(id).state, JobState::completed);
}

// The job's launched attempt starts, saves `checkpoint`, then its runner
// vanishes (a reboot): the job is interrupted and can resume.
void interrupt_after_checkpoint(EngineHarness& h, JobId id, Json checkpoint) {
  ASSERT_TRUE(h.running(id)) << "job " << id << " was not launched";
  h.runner().start(id);
  h.runner().report(id, valued(EventKind::checkpoint, std::move(checkpoint)));
  h.runner().vanish(id);
  Job interrupted = h.job(id);
  ASSERT_EQ(interrupted.state, JobState::interrupted);
  ASSERT_TRUE(interrupted.resumable());
}

TEST(EngineDedupe, UnfinishedWorkIsTheSameJobHoweverLongAgoItWasSubmitted) {
  EngineHarness h(kConfig);
  Job first = h.submit("lint", url("https://a.example"));
  EXPECT_FALSE(first.deduplicated);
  ASSERT_TRUE(h.running(first.id));
  h.runner().start(first.id);
  h.advance(60 * kMinute);  // far past unique_for, still running

  Job again = h.submit("lint", url("https://a.example"));
  EXPECT_EQ(again.id, first.id);
  EXPECT_TRUE(again.deduplicated);
  EXPECT_EQ(again.state, JobState::running);
  EXPECT_EQ(h.launched().size(), 1u) << "a duplicate was launched";
}

TEST(EngineDedupe, AFinishedJobStandsForItsKeyUntilUniqueForHasPassedSinceItFinished) {
  EngineHarness h(kConfig);
  Job first = h.submit("lint", url("https://a.example"));
  h.runner().start(first.id);
  h.advance(5 * kMinute);  // the window counts from the finish, not the submit
  h.runner().exit(first.id, 0);
  EXPECT_EQ(h.job(first.id).finished_at, h.clock().now());

  h.advance(kMinute);  // the window's last millisecond
  Job within = h.submit("lint", url("https://a.example"));
  EXPECT_EQ(within.id, first.id);
  EXPECT_TRUE(within.deduplicated);
  EXPECT_EQ(within.state, JobState::completed);
  EXPECT_EQ(h.launched().size(), 1u);

  h.advance(1);
  Job after = h.submit("lint", url("https://a.example"));
  EXPECT_NE(after.id, first.id);
  expect_run_anew(h, after, 2);
}

// Two submits in one turn of the loop, the first not stored yet when the
// second is screened (in the daemon, whose commits run on their own thread,
// for as long as a commit takes).
TEST(EngineDedupe, AJobNotStoredYetIsADuplicateForTheNextSubmit) {
  EngineHarness h(kConfig);
  std::vector<Job> answers;
  auto keep = [&answers](Result<Job> job) {
    ASSERT_TRUE(job.ok()) << job.error().message;
    answers.push_back(std::move(*job));
  };
  h.engine().submit(request("lint", url("https://a.example")), keep);
  h.engine().submit(request("lint", url("https://a.example")), keep);
  h.settle();
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[1].id, answers[0].id);
  EXPECT_FALSE(answers[0].deduplicated);
  EXPECT_TRUE(answers[1].deduplicated);
  EXPECT_EQ(h.launched().size(), 1u) << "a duplicate was launched";
}

TEST(EngineDedupe, OnlyTheKeyCountsAndFailedOrCancelledWorkIsNoDuplicate) {
  EngineHarness h(kConfig);
  Job first = h.submit("docs", Json{{"url", "https://a.example"}, {"depth", 1}});
  Job deeper = h.submit("docs", Json{{"url", "https://a.example"}, {"depth", 2}});
  EXPECT_EQ(deeper.id, first.id) << "the key is the url alone";
  EXPECT_TRUE(deeper.deduplicated);
  Job other = h.submit("docs", url("https://b.example"));
  EXPECT_NE(other.id, first.id);
  EXPECT_FALSE(other.deduplicated);

  Job failing = h.submit("lint", url("https://c.example"));
  h.runner().exit(failing.id, 3);
  ASSERT_EQ(h.job(failing.id).state, JobState::failed);
  Job after_failure = h.submit("lint", url("https://c.example"));
  EXPECT_NE(after_failure.id, failing.id);
  EXPECT_FALSE(after_failure.deduplicated);

  h.runner().start(after_failure.id);
  h.act(after_failure.id, JobAction::cancel);
  h.runner().kill(after_failure.id, SIGTERM);
  ASSERT_EQ(h.job(after_failure.id).state, JobState::cancelled);
  Job after_cancel = h.submit("lint", url("https://c.example"));
  EXPECT_NE(after_cancel.id, after_failure.id);
  EXPECT_FALSE(after_cancel.deduplicated);
  EXPECT_TRUE(h.running(after_cancel.id));
}

TEST(EngineCache, PastUniqueForAndWithinTheTtlASubmitCompletesAtOnceFromTheCache) {
  EngineHarness h(kConfig);
  Job source = h.submit("docs", url("https://a.example"));
  complete(h, source.id, Json{{"pages", 3}});
  Millis finished = h.clock().now();

  h.advance(2 * kMinute);  // past unique_for
  Job cached = h.submit("docs", url("https://a.example"));
  EXPECT_NE(cached.id, source.id);
  EXPECT_FALSE(cached.deduplicated);
  EXPECT_EQ(cached.state, JobState::completed);
  EXPECT_EQ(cached.cached_from, source.id);
  EXPECT_EQ(cached.result, (Json{{"pages", 3}}));
  EXPECT_EQ(cached.state_reason, fmt::format("result cached from job {}", source.id));
  EXPECT_TRUE(cached.attempts.empty());
  EXPECT_EQ(h.launched().size(), 1u) << "a cached result ran again";

  auto entries = h.engine().cache_entries();
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().job_id, source.id);
  EXPECT_EQ(entries->front().created_at, finished);
  EXPECT_EQ(entries->front().last_accessed, h.clock().now());

  // The cached job is finished work of the key: within unique_for, it is
  // what a submit gets.
  Job again = h.submit("docs", url("https://a.example"));
  EXPECT_EQ(again.id, cached.id);
  EXPECT_TRUE(again.deduplicated);
}

TEST(EngineCache, TheTtlCountsFromTheSourcesCompletionThenAFreshAttemptRuns) {
  EngineHarness h(kConfig);
  Job source = h.submit("docs", url("https://a.example"));
  complete(h, source.id, Json{{"pages", 3}});

  h.advance(10 * kMinute);  // the TTL's last millisecond
  Job hit = h.submit("docs", url("https://a.example"));
  EXPECT_EQ(hit.cached_from, source.id);

  // Past the hit's own unique_for: had the hit renewed the entry, this
  // would be served from the cache too.
  h.advance(kMinute + 1);
  Job fresh = h.submit("docs", url("https://a.example"));
  EXPECT_NE(fresh.id, source.id);
  EXPECT_NE(fresh.id, hit.id);
  expect_run_anew(h, fresh, 2);  // an expired entry is not used

  complete(h, fresh.id, Json{{"pages", 4}});
  auto entries = h.engine().cache_entries();
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u) << "one entry per type and params";
  EXPECT_EQ(entries->front().job_id, fresh.id);

  h.advance(kMinute + 1);
  Job served = h.submit("docs", url("https://a.example"));
  EXPECT_EQ(served.cached_from, fresh.id);
  EXPECT_EQ(served.result, (Json{{"pages", 4}}));
}

TEST(EngineCache, TheCacheIsByParamsNotByKey) {
  EngineHarness h(kConfig);
  Job source = h.submit("docs", Json{{"url", "https://a.example"}, {"depth", 1}});
  complete(h, source.id, Json{{"pages", 3}});
  h.advance(2 * kMinute);

  Job deeper = h.submit("docs", Json{{"url", "https://a.example"}, {"depth", 2}});
  EXPECT_FALSE(deeper.cached_from) << "another depth is other work";
  EXPECT_TRUE(h.running(deeper.id));
}

TEST(EngineCache, TheRetentionSweepDropsAnEntryOnceItExpired) {
  EngineHarness h(kConfig);
  Job source = h.submit("docs", url("https://a.example"));
  complete(h, source.id, Json{{"pages", 3}});

  h.advance(10 * kMinute);  // a sweep (once a minute) at the TTL's last millisecond
  auto kept = h.engine().cache_entries();
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->size(), 1u);

  h.advance(kMinute);  // the next sweep
  auto dropped = h.engine().cache_entries();
  ASSERT_TRUE(dropped);
  EXPECT_TRUE(dropped->empty());
  EXPECT_EQ(h.job(source.id).state, JobState::completed) << "the job itself stays";
}

TEST(EngineForce, ForceRunsTheWorkAgainDespiteADuplicateOrACachedResult) {
  EngineHarness h(kConfig);
  Job first = h.submit("docs", url("https://a.example"));
  Job forced_while_running = h.submit(request("docs", url("https://a.example"), true));
  EXPECT_NE(forced_while_running.id, first.id);
  expect_run_anew(h, forced_while_running, 2);

  complete(h, first.id, Json{{"pages", 3}});
  complete(h, forced_while_running.id, Json{{"pages", 3}});
  h.advance(2 * kMinute);
  Job cached = h.submit("docs", url("https://a.example"));
  ASSERT_TRUE(cached.cached_from) << "no cache entry to bypass";

  Job forced = h.submit(request("docs", url("https://a.example"), true));
  EXPECT_NE(forced.id, cached.id);
  expect_run_anew(h, forced, 3);
}

TEST(EngineResumable, ASubmitOfTheSameKeyAsWorkThatCanResumeIsRefusedUnlessForced) {
  EngineHarness h(kConfig);
  Job earlier = h.submit("extract", Json{{"source", "wiki"}});
  interrupt_after_checkpoint(h, earlier.id, Json{{"next", 2000}});

  Result<Job> again = try_submit(h, request("extract", Json{{"source", "wiki"}}));
  ASSERT_FALSE(again) << "started over work that can resume";
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_THAT(again.error().message,
              HasSubstr(fmt::format("job {} did the same work and can resume", earlier.id)));
  EXPECT_THAT(again.error().message, HasSubstr(fmt::format("drover resume {}", earlier.id)));
  EXPECT_THAT(again.error().message, HasSubstr("--force"));
  EXPECT_EQ(again.error().details["resumable_job"], earlier.id);
  EXPECT_EQ(h.launched().size(), 1u);

  Result<Job> other = try_submit(h, request("extract", Json{{"source", "news"}}));
  ASSERT_TRUE(other) << other.error().message;

  Result<Job> forced = try_submit(h, request("extract", Json{{"source", "wiki"}}, true));
  ASSERT_TRUE(forced) << forced.error().message;
  EXPECT_NE(forced->id, earlier.id);
  EXPECT_TRUE(h.running(forced->id));
  EXPECT_EQ(h.job(earlier.id).state, JobState::interrupted) << "force touched the earlier job";
}

TEST(EngineResumable, OnlyStoppedWorkWithACheckpointRefuses) {
  EngineHarness h(kConfig);
  // Failed after a checkpoint: it can resume, so it refuses.
  Job failed = h.submit("extract", Json{{"source", "a"}});
  h.runner().start(failed.id);
  h.runner().report(failed.id, valued(EventKind::checkpoint, Json{{"next", 10}}));
  h.runner().exit(failed.id, 1);
  ASSERT_EQ(h.job(failed.id).state, JobState::failed);
  EXPECT_FALSE(try_submit(h, request("extract", Json{{"source", "a"}})));

  // Interrupted before any checkpoint: nothing to resume from.
  Job bare = h.submit("extract", Json{{"source", "b"}});
  h.runner().start(bare.id);
  h.runner().vanish(bare.id);
  ASSERT_EQ(h.job(bare.id).state, JobState::interrupted);
  Result<Job> over_bare = try_submit(h, request("extract", Json{{"source", "b"}}));
  ASSERT_TRUE(over_bare) << over_bare.error().message;
  EXPECT_NE(over_bare->id, bare.id);

  // Resumed and running again: no longer stopped, so a submit is accepted.
  Job resumed = h.submit("extract", Json{{"source", "c"}});
  interrupt_after_checkpoint(h, resumed.id, Json{{"next", 5}});
  h.act(resumed.id, JobAction::resume);
  ASSERT_TRUE(h.running(resumed.id));
  Result<Job> beside = try_submit(h, request("extract", Json{{"source", "c"}}));
  ASSERT_TRUE(beside) << beside.error().message;
  EXPECT_NE(beside->id, resumed.id);
}

// The submit comes in the same turn as the resume, before the store has the
// resumed row: the job in memory, queued again, is what counts.
TEST(EngineResumable, ASubmitInTheTurnOfAResumeIsNotToldToResumeIt) {
  EngineHarness h(kConfig);
  Job earlier = h.submit("extract", Json{{"source", "wiki"}});
  interrupt_after_checkpoint(h, earlier.id, Json{{"next", 5}});
  std::optional<Result<Job>> submitted;
  h.engine().act(earlier.id, JobAction::resume, [](Result<Job>) {});
  h.engine().submit(request("extract", Json{{"source", "wiki"}}),
                    [&submitted](Result<Job> job) { submitted = std::move(job); });
  h.settle();
  ASSERT_TRUE(submitted);
  ASSERT_TRUE(*submitted) << submitted->error().message;
  EXPECT_NE((*submitted)->id, earlier.id);
  EXPECT_FALSE(h.job(earlier.id).resumable()) << "a resumed job is no longer resumable";
}

TEST(EngineResumable, WithUniqueForAPausedJobIsTheSameJobButAnInterruptedOneRefuses) {
  EngineHarness h(kConfig);
  Job paused = h.submit("import", Json{{"repo", "acme/app"}});
  h.runner().start(paused.id);
  h.runner().report(paused.id, valued(EventKind::checkpoint, Json{{"page", 7}}));
  JobEvent pause;
  pause.kind = EventKind::pause;
  pause.until = h.clock().now() + 60 * kMinute;
  pause.text = "rate limited";
  h.runner().report(paused.id, pause);
  h.runner().exit(paused.id, 0);
  ASSERT_EQ(h.job(paused.id).state, JobState::paused);
  Job again = h.submit("import", Json{{"repo", "acme/app"}});
  EXPECT_EQ(again.id, paused.id);
  EXPECT_TRUE(again.deduplicated);
  EXPECT_EQ(again.state, JobState::paused);

  Job interrupted = h.submit("import", Json{{"repo", "acme/lib"}});
  interrupt_after_checkpoint(h, interrupted.id, Json{{"page", 2}});
  Result<Job> refused = try_submit(h, request("import", Json{{"repo", "acme/lib"}}));
  ASSERT_FALSE(refused) << "an interrupted job is no duplicate, but it can resume";
  EXPECT_EQ(refused.error().details["resumable_job"], interrupted.id);
}

}  // namespace
}  // namespace drover
