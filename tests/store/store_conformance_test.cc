// The contract of store.h, checked against every backend. Written only
// against the Store interface: a backend joins with a factory and one
// INSTANTIATE_TYPED_TEST_SUITE_P line at the bottom.
#include <algorithm>
#include <memory>

#include <gtest/gtest.h>

#include "sample_jobs.h"
#include "store/store.h"
#include "store_backends.h"

// Batches and filters are spelled with designated initializers; g++ 12 warns
// about the members they leave out, which is their point.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace drover {
namespace {

template <typename Backend>
class StoreConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = Backend::skip_reason()) GTEST_SKIP() << *why;
    reopen();
  }

  // Closes the store and opens it again on the same data.
  void reopen() {
    store.reset();
    Result<std::unique_ptr<Store>> opened = backend.open();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store = std::move(*opened);
  }

  void commit(const WriteBatch& batch, Durability durability = Durability::full) {
    Status committed = store->commit(batch, durability);
    ASSERT_TRUE(committed.ok()) << committed.error().message;
  }

  // A minimal job with a fresh id.
  Job new_job(JobState state = JobState::queued, std::string type = "shell") {
    Job job;
    job.id = store->next_job_id();
    job.type = std::move(type);
    job.state = state;
    job.created_at = 1'700'000'000'000 + job.id;
    return job;
  }

  // Commits `count` jobs, cycling through `states`; returns them in id order.
  std::vector<Job> add_jobs(int count, const std::vector<JobState>& states = {JobState::queued}) {
    WriteBatch batch;
    for (int i = 0; i < count; ++i) {
      batch.jobs.push_back(new_job(states[static_cast<std::size_t>(i) % states.size()]));
    }
    commit(batch);
    return batch.jobs;
  }

  Job get(JobId id) {
    Result<std::optional<Job>> job = store->get_job(id);
    EXPECT_TRUE(job.ok()) << job.error().message;
    EXPECT_TRUE(job.ok() && job->has_value()) << "job " << id << " is missing";
    return job.ok() && job->has_value() ? **job : Job{};
  }

  bool exists(JobId id) {
    Result<std::optional<Job>> job = store->get_job(id);
    EXPECT_TRUE(job.ok()) << job.error().message;
    return job.ok() && job->has_value();
  }

  std::vector<JobId> list_ids(const JobFilter& filter) {
    Result<std::vector<Job>> jobs = store->list_jobs(filter);
    EXPECT_TRUE(jobs.ok()) << jobs.error().message;
    std::vector<JobId> ids;
    if (jobs.ok()) {
      for (const Job& job : *jobs) ids.push_back(job.id);
    }
    return ids;
  }

  Backend backend;
  std::unique_ptr<Store> store;
};

TYPED_TEST_SUITE_P(StoreConformance);

TYPED_TEST_P(StoreConformance, RoundTripsEveryField) {
  Job job = fill_every_field(this->new_job());
  job.attempts = {full_attempt(1), full_attempt(2)};
  job.attempts[1].ended_at.reset();
  job.history = {{1'700'000'000'001, JobState::queued, JobState::running, "started"},
                 {1'700'000'000'002, JobState::running, JobState::paused, "pause until=+15m «»"}};
  this->commit(batch_with_history(job));

  expect_same_job(this->get(job.id), job);
  this->reopen();
  expect_same_job(this->get(job.id), job);
}

TYPED_TEST_P(StoreConformance, KeepsUnsetFieldsUnsetAndNullJsonAsNull) {
  Job bare = this->new_job();
  bare.params = Json::object();
  Job nulls = this->new_job();
  nulls.checkpoint = Checkpoint{Json(nullptr), 5};  // a checkpoint whose value is null
  nulls.result = Json(nullptr);
  this->commit(WriteBatch{.jobs = {bare, nulls}});

  Job bare_read = this->get(bare.id);
  expect_same_job(bare_read, bare);
  EXPECT_FALSE(bare_read.key || bare_read.resume_at || bare_read.started_at ||
               bare_read.checkpoint || bare_read.result || bare_read.error || bare_read.parent);
  Job nulls_read = this->get(nulls.id);
  ASSERT_TRUE(nulls_read.checkpoint && nulls_read.result);
  EXPECT_TRUE(nulls_read.checkpoint->value.is_null());
  EXPECT_TRUE(nulls_read.result->is_null());
}

TYPED_TEST_P(StoreConformance, RewritingAJobKeepsItsAttemptsAndUpsertsAttemptsByNumber) {
  Job job = this->new_job(JobState::running);
  Attempt attempt = full_attempt(1);
  attempt.ended_at.reset();
  this->commit(WriteBatch{.jobs = {job}, .attempts = {{job.id, attempt}}});

  job.progress.current = 10;
  attempt.ended_at = 1'700'000'300'000;
  attempt.log_bytes = 99;
  this->commit(WriteBatch{.jobs = {job}}, Durability::relaxed);
  this->commit(WriteBatch{.attempts = {{job.id, attempt}}});

  Job read = this->get(job.id);
  EXPECT_EQ(read.progress.current, 10);
  expect_same_attempts(read.attempts, {attempt});
}

TYPED_TEST_P(StoreConformance, BatchThatFailsMidwayLeavesNothing) {
  Job existing = this->new_job();
  this->commit(WriteBatch{.jobs = {existing}});

  Job changed = existing;
  changed.state = JobState::running;
  Job added = this->new_job();
  WriteBatch batch{
      .jobs = {changed, added},
      .attempts = {{added.id, full_attempt(1)}, {added.id + 1000, full_attempt(1)}},  // no such job
      .queue_pauses = {{"default", true}}};
  EXPECT_FALSE(this->store->commit(batch, Durability::full).ok());

  EXPECT_EQ(this->get(existing.id).state, JobState::queued);
  EXPECT_FALSE(this->exists(added.id));
  Result<std::map<std::string, bool>> pauses = this->store->load_queue_pauses();
  ASSERT_TRUE(pauses.ok());
  EXPECT_TRUE(pauses->empty());
  // The store is still usable after the rollback.
  this->commit(WriteBatch{.jobs = {added}});
  EXPECT_TRUE(this->exists(added.id));
}

TYPED_TEST_P(StoreConformance, IdsIncreaseAndAreNeverReusedAfterDelete) {
  std::vector<Job> jobs = this->add_jobs(3);
  EXPECT_LT(jobs[0].id, jobs[1].id);
  EXPECT_LT(jobs[1].id, jobs[2].id);
  this->commit(WriteBatch{.deleted_jobs = {jobs[1].id, jobs[2].id}});
  EXPECT_GT(this->store->next_job_id(), jobs[2].id);

  this->reopen();
  EXPECT_GT(this->store->next_job_id(), jobs[2].id);
}

TYPED_TEST_P(StoreConformance, ListsNewestFirstAndFiltersByStateTypeAndKey) {
  Job a = this->new_job(JobState::queued, "index");
  Job b = this->new_job(JobState::running, "scrape");
  Job c = this->new_job(JobState::completed, "index");
  Job d = this->new_job(JobState::failed, "index");
  c.key = "source:wiki";
  d.key = "source:wiki";
  this->commit(WriteBatch{.jobs = {a, b, c, d}});

  using Ids = std::vector<JobId>;
  EXPECT_EQ(this->list_ids({}), (Ids{d.id, c.id, b.id, a.id}));
  EXPECT_EQ(this->list_ids({.states = {JobState::queued, JobState::completed}}), (Ids{c.id, a.id}));
  EXPECT_EQ(this->list_ids({.type = "index"}), (Ids{d.id, c.id, a.id}));
  EXPECT_EQ(this->list_ids({.key = "source:wiki"}), (Ids{d.id, c.id}));
  EXPECT_EQ(this->list_ids({.states = {JobState::failed}, .type = "index", .key = "source:wiki"}),
            (Ids{d.id}));
  EXPECT_EQ(this->list_ids({.type = "nothing"}), Ids{});
  EXPECT_EQ(this->list_ids({.limit = 2}), (Ids{d.id, c.id}));
  EXPECT_EQ(this->list_ids({.limit = 0}), Ids{});
}

TYPED_TEST_P(StoreConformance, TopLevelListingLeavesOutChainPhases) {
  Job chain = this->new_job(JobState::completed, "chain");
  Job phase = this->new_job(JobState::completed, "index");
  Job own = this->new_job(JobState::completed, "index");
  phase.parent = chain.id;
  this->commit(WriteBatch{.jobs = {chain, phase, own}});

  using Ids = std::vector<JobId>;
  EXPECT_EQ(this->list_ids({.top_level = true}), (Ids{own.id, chain.id}));
  EXPECT_EQ(this->list_ids({.states = {JobState::completed}, .top_level = true, .limit = 1}),
            (Ids{own.id}));
  EXPECT_EQ(this->list_ids({.type = "index", .top_level = true}), (Ids{own.id}));
  EXPECT_EQ(this->list_ids({}), (Ids{own.id, phase.id, chain.id}));
}

TYPED_TEST_P(StoreConformance, CursorPagesCoverEveryJobOnceWithoutGaps) {
  std::vector<Job> jobs = this->add_jobs(237, {JobState::completed, JobState::queued});
  for (const std::vector<JobState>& states :
       {std::vector<JobState>{}, std::vector<JobState>{JobState::completed}}) {
    std::vector<JobId> seen;
    JobFilter filter{.states = states, .limit = 10};
    for (std::vector<JobId> page = this->list_ids(filter); !page.empty();
         page = this->list_ids(filter)) {
      EXPECT_LE(page.size(), 10u);
      seen.insert(seen.end(), page.begin(), page.end());
      filter.before_id = page.back();
    }
    std::vector<JobId> expected;
    for (const Job& job : jobs) {
      if (states.empty() || job.state == states.front()) expected.push_back(job.id);
    }
    std::reverse(expected.begin(), expected.end());
    EXPECT_EQ(seen, expected);
  }
}

TYPED_TEST_P(StoreConformance, ListedJobsCarryTheirAttemptsButNoHistory) {
  std::vector<Job> jobs = this->add_jobs(3);
  WriteBatch batch{.attempts = {{jobs[0].id, full_attempt(1)},
                                {jobs[2].id, full_attempt(1)},
                                {jobs[2].id, full_attempt(2)}},
                   .history = {{jobs[2].id, {1, JobState::queued, JobState::running, "go"}}}};
  this->commit(batch);

  Result<std::vector<Job>> listed = this->store->list_jobs({});
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), 3u);
  expect_same_attempts((*listed)[0].attempts, {full_attempt(1), full_attempt(2)});
  EXPECT_TRUE((*listed)[1].attempts.empty());
  expect_same_attempts((*listed)[2].attempts, {full_attempt(1)});
  EXPECT_TRUE((*listed)[0].history.empty());
  EXPECT_EQ(this->get(jobs[2].id).history.size(), 1u);
}

TYPED_TEST_P(StoreConformance, LoadsExactlyTheUnfinishedJobsInIdOrder) {
  std::vector<JobState> every_state{JobState::queued,     JobState::running,   JobState::completed,
                                    JobState::failed,     JobState::cancelled, JobState::paused,
                                    JobState::interrupted};
  // More than a page of queued jobs, so that paging is crossed.
  std::vector<Job> jobs = this->add_jobs(14, every_state);
  std::vector<Job> queued = this->add_jobs(1200, {JobState::queued});
  jobs.insert(jobs.end(), queued.begin(), queued.end());
  this->commit(WriteBatch{.attempts = {{jobs[1].id, full_attempt(1)}}});

  std::map<JobState, std::vector<JobId>> loaded;
  std::optional<Job> running;
  Status read = this->store->load_unfinished_jobs([&](Job job) {
    if (job.id == jobs[1].id) running = job;
    loaded[job.state].push_back(job.id);
  });
  ASSERT_TRUE(read.ok()) << read.error().message;
  std::map<JobState, std::vector<JobId>> expected;
  for (const Job& job : jobs) {
    if (!is_finished(job.state)) expected[job.state].push_back(job.id);
  }
  EXPECT_EQ(loaded, expected);  // each state in id order
  ASSERT_TRUE(running.has_value());
  expect_same_attempts(running->attempts, {full_attempt(1)});
}

TYPED_TEST_P(StoreConformance, CountsJobsByStateThroughChangesAndDeletes) {
  using Counts = std::map<JobState, std::int64_t>;
  auto counts = [this] {
    Result<Counts> counted = this->store->count_jobs_by_state();
    EXPECT_TRUE(counted.ok()) << counted.error().message;
    return counted.ok() ? *counted : Counts{};
  };
  EXPECT_EQ(counts(), Counts{});
  std::vector<Job> jobs =
      this->add_jobs(5, {JobState::queued, JobState::running, JobState::queued});
  EXPECT_EQ(counts(), (Counts{{JobState::queued, 3}, {JobState::running, 2}}));

  jobs[1].state = JobState::completed;
  jobs[0].progress.current = 5;  // rewritten without a change of state
  this->commit(WriteBatch{.jobs = {jobs[0], jobs[1]}, .deleted_jobs = {jobs[2].id}});
  EXPECT_EQ(counts(),
            (Counts{{JobState::queued, 2}, {JobState::running, 1}, {JobState::completed, 1}}));
  this->commit(WriteBatch{.deleted_jobs = {jobs[4].id}});
  EXPECT_EQ(counts(), (Counts{{JobState::queued, 2}, {JobState::completed, 1}}));
}

TYPED_TEST_P(StoreConformance, CountsJobsByStateAndType) {
  using Counts = std::map<std::pair<JobState, std::string>, std::int64_t>;
  auto counts = [this] {
    auto counted = this->store->count_jobs_by_state_and_type();
    EXPECT_TRUE(counted.ok()) << counted.error().message;
    return counted.ok() ? *counted : Counts{};
  };
  EXPECT_EQ(counts(), Counts{});
  std::vector<Job> jobs = this->add_jobs(4, {JobState::queued, JobState::completed});
  jobs[0].type = "index";
  jobs[1].type = "index";
  this->commit(WriteBatch{.jobs = {jobs[0], jobs[1]}, .deleted_jobs = {jobs[3].id}});
  std::string other = jobs[2].type;
  EXPECT_EQ(counts(), (Counts{{{JobState::queued, "index"}, 1},
                              {{JobState::completed, "index"}, 1},
                              {{JobState::queued, other}, 1}}));
}

TYPED_TEST_P(StoreConformance, CountsFinishedJobsPerBucketSinceATime) {
  constexpr Millis kMinute = 60'000;
  constexpr Millis kStart = 1'700'000'040'000;  // a whole minute
  std::vector<Job> jobs =
      this->add_jobs(6, {JobState::completed, JobState::failed, JobState::completed,
                         JobState::cancelled, JobState::completed, JobState::running});
  const Millis finished[] = {kStart - 1,       kStart + 5,           kStart + 59'999,
                             kStart + kMinute, kStart + kMinute + 1, 0};
  for (std::size_t i = 0; i < 5; ++i) jobs[i].finished_at = finished[i];
  this->commit(WriteBatch{.jobs = jobs});

  auto counted = this->store->count_finished_since(kStart, kMinute);
  ASSERT_TRUE(counted.ok()) << counted.error().message;
  // The job that finished 1 ms before `since` and the running one are left out.
  EXPECT_EQ(*counted, (std::vector<FinishedCount>{{kStart, JobState::completed, 1},
                                                  {kStart, JobState::failed, 1},
                                                  {kStart + kMinute, JobState::cancelled, 1},
                                                  {kStart + kMinute, JobState::completed, 1}}));
  EXPECT_FALSE(this->store->count_finished_since(kStart, 0).ok());
}

TYPED_TEST_P(StoreConformance, RemembersQueuePausesAndResumes) {
  this->commit(WriteBatch{.queue_pauses = {{"default", true}, {"slow", true}}});
  this->commit(WriteBatch{.queue_pauses = {{"slow", false}}});
  this->reopen();
  Result<std::map<std::string, bool>> pauses = this->store->load_queue_pauses();
  ASSERT_TRUE(pauses.ok()) << pauses.error().message;
  EXPECT_EQ(*pauses, (std::map<std::string, bool>{{"default", true}, {"slow", false}}));
}

TYPED_TEST_P(StoreConformance, DeleteRemovesTheJobWithItsAttemptsAndHistory) {
  Job job = this->new_job();
  job.attempts = {full_attempt(1)};
  job.history = {{1, JobState::queued, JobState::running, "go"}};
  Job kept = this->new_job();
  this->commit(batch_with_history(job));
  this->commit(WriteBatch{.jobs = {kept}, .deleted_jobs = {job.id}});

  EXPECT_FALSE(this->exists(job.id));
  EXPECT_TRUE(this->exists(kept.id));
  // Written again under the same id, the job starts without the old rows.
  job.attempts.clear();
  job.history.clear();
  this->commit(WriteBatch{.jobs = {job}});
  Job rewritten = this->get(job.id);
  EXPECT_TRUE(rewritten.attempts.empty());
  EXPECT_TRUE(rewritten.history.empty());
}

TYPED_TEST_P(StoreConformance, RelaxedAndFullCommitsAreBothVisibleAndSurviveReopen) {
  Job progress = this->new_job(JobState::running);
  progress.progress.current = 42;
  Job finished = this->new_job(JobState::completed);
  this->commit(WriteBatch{.jobs = {progress}}, Durability::relaxed);
  this->commit(WriteBatch{.jobs = {finished}}, Durability::full);
  EXPECT_EQ(this->get(progress.id).progress.current, 42);
  EXPECT_EQ(this->get(finished.id).state, JobState::completed);

  this->reopen();
  EXPECT_EQ(this->get(progress.id).progress.current, 42);
  EXPECT_EQ(this->get(finished.id).state, JobState::completed);
}

TYPED_TEST_P(StoreConformance, EmptyBatchCommitsAndMissingJobIsNotAnError) {
  this->commit(WriteBatch{});
  Result<std::optional<Job>> missing = this->store->get_job(12345);
  ASSERT_TRUE(missing.ok()) << missing.error().message;
  EXPECT_FALSE(missing->has_value());
}

TYPED_TEST_P(StoreConformance, CacheEntriesAreFoundByTypeAndParamsAndGoWithTheirJob) {
  std::vector<Job> jobs = this->add_jobs(2, {JobState::completed});
  CacheEntry first{"generate", R"({"url":"a"})", jobs[0].id, 100, 100};
  CacheEntry second{"generate", R"({"url":"b"})", jobs[1].id, 200, 200};
  this->commit(WriteBatch{.cache_puts = {first, second}});
  first.last_accessed = 150;
  this->commit(WriteBatch{.cache_puts = {first}});
  this->reopen();
  auto found = this->store->find_cache("generate", R"({"url":"a"})");
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->job_id, jobs[0].id);
  EXPECT_EQ((*found)->last_accessed, 150);
  auto other_type = this->store->find_cache("other", R"({"url":"a"})");
  ASSERT_TRUE(other_type.ok());
  EXPECT_FALSE(other_type->has_value());
  this->commit(WriteBatch{.deleted_jobs = {jobs[1].id}});
  this->commit(WriteBatch{.cache_deletes = {jobs[0].id}});
  auto left = this->store->list_cache();
  ASSERT_TRUE(left.ok()) << left.error().message;
  EXPECT_TRUE(left->empty()) << "an entry outlived its job or its delete";
}

TYPED_TEST_P(StoreConformance, MarksAreKeptByNameAndReadByPrefix) {
  this->commit(WriteBatch{.marks = {{"schedule:nightly", 1000}, {"schedule:hourly", 5}}});
  this->commit(WriteBatch{.marks = {{"schedule:nightly", 2000}, {"other:x", 7}}});
  this->reopen();
  auto marks = this->store->load_marks("schedule:");
  ASSERT_TRUE(marks.ok()) << marks.error().message;
  EXPECT_EQ(*marks,
            (std::map<std::string, Millis>{{"schedule:hourly", 5}, {"schedule:nightly", 2000}}));
}

TYPED_TEST_P(StoreConformance, TemplatesAreSavedReplacedListedByNameAndDeleted) {
  Json first = {{"name", "publish"}, {"phases", Json::array({{{"type", "sync"}}})}};
  Json second = {{"name", "publish"}, {"phases", Json::array({{{"type", "visualize"}}})}};
  this->commit(WriteBatch{.template_puts = {{"publish", first, 10}, {"a-first", first, 11}}});
  this->commit(WriteBatch{.template_puts = {{"publish", second, 20}}});
  this->reopen();
  auto found = this->store->find_template("publish");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->chain, second);
  EXPECT_EQ((*found)->updated_at, 20);
  auto listed = this->store->list_templates();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "a-first");
  this->commit(WriteBatch{.template_deletes = {"publish"}});
  auto gone = this->store->find_template("publish");
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
}

// The daemon commits on a second connection, from a thread of its own,
// while its loop reads on the first: each sees what the other committed.
TYPED_TEST_P(StoreConformance, ASecondConnectionCommitsWhatTheFirstReads) {
  Result<std::unique_ptr<Store>> second = this->store->second_connection();
  ASSERT_TRUE(second.ok()) << second.error().message;
  ASSERT_TRUE(*second) << "a file or server store has a second connection";
  Job first = this->add_jobs(1).front();
  Job job = this->new_job();
  job.key = "k";
  Status committed = (*second)->commit(WriteBatch{.jobs = {job}}, Durability::full);
  ASSERT_TRUE(committed.ok()) << committed.error().message;
  EXPECT_EQ(this->get(job.id).key, "k");
  auto seen = (*second)->get_job_row(first.id);
  ASSERT_TRUE(seen.ok() && seen->has_value());
  EXPECT_GT(this->store->next_job_id(), job.id) << "an id was handed out twice";
}

REGISTER_TYPED_TEST_SUITE_P(
    StoreConformance, RoundTripsEveryField, KeepsUnsetFieldsUnsetAndNullJsonAsNull,
    RewritingAJobKeepsItsAttemptsAndUpsertsAttemptsByNumber, BatchThatFailsMidwayLeavesNothing,
    IdsIncreaseAndAreNeverReusedAfterDelete, ListsNewestFirstAndFiltersByStateTypeAndKey,
    TopLevelListingLeavesOutChainPhases, CursorPagesCoverEveryJobOnceWithoutGaps,
    ListedJobsCarryTheirAttemptsButNoHistory, LoadsExactlyTheUnfinishedJobsInIdOrder,
    CountsJobsByStateThroughChangesAndDeletes, CountsJobsByStateAndType,
    CountsFinishedJobsPerBucketSinceATime, RemembersQueuePausesAndResumes,
    DeleteRemovesTheJobWithItsAttemptsAndHistory,
    RelaxedAndFullCommitsAreBothVisibleAndSurviveReopen, EmptyBatchCommitsAndMissingJobIsNotAnError,
    CacheEntriesAreFoundByTypeAndParamsAndGoWithTheirJob, MarksAreKeptByNameAndReadByPrefix,
    TemplatesAreSavedReplacedListedByNameAndDeleted, ASecondConnectionCommitsWhatTheFirstReads);

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StoreConformance, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, StoreConformance, PostgresBackend);

}  // namespace
}  // namespace drover
