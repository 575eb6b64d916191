#include "sample_jobs.h"

#include <tuple>

#include <gtest/gtest.h>

#include "core/job_json.h"

namespace drover {

Attempt full_attempt(int n) {
  Attempt a;
  a.n = n;
  a.token = "token-" + std::to_string(n) + "-ß";
  a.node = "höst-" + std::to_string(n);
  a.pid = 4242 + n;
  a.shim_pid = 4240 + n;
  a.shim_start_ticks = (std::uint64_t{1} << 62) + 7;
  a.boot_id = "c0ffee-boot";
  a.started_at = 1'700'000'100'123;
  a.ended_at = 1'700'000'200'456;
  a.exit_code = 2;
  a.signal = 15;
  a.log_bytes = (std::uint64_t{1} << 40) + 3;
  a.log_truncated = true;
  return a;
}

Job fill_every_field(Job job) {
  job.type = "clone-repo";
  job.params = {{"url", "https://example.com/Zürich/東京/🚀"},
                {"depth", 1},
                {"nested", {{"list", {1, "two", nullptr, 3.5, true}}}}};
  job.key = "ключ/κλειδί";
  job.queue = "slow-lane";
  job.priority = -7;
  job.state = JobState::paused;
  job.state_reason = "rate limited by GitHub ⏳";
  job.resume_at = 1'700'000'900'001;
  job.started_at = 1'700'000'100'000;
  job.finished_at = 1'700'000'800'999;
  job.progress.current = 154;
  job.progress.total = 245;
  job.progress.item = "infrastructure-apo-platform";
  job.progress.message = "Cloned 154 repositories";
  job.progress.rate = 0.25;
  job.progress.eta_seconds = 900;
  job.progress.items_completed = 153;
  job.progress.items_failed = 1;
  job.progress.items_skipped = 2;
  job.progress.failed = {{"infrastructure-adp", "exit 128: “not found”"}};
  job.checkpoint = Checkpoint{{{"last_article_index", 203847}}, 1'700'000'700'000};
  job.result = Json{{"docs_path", "/tmp/docs"}};
  job.error = "partial failure";
  job.cached_from = 3;
  job.after = {1, 2};
  job.parent = 1;
  job.stop_request = StopRequest::pause;
  job.progress.weighted_percentage = 37.5;
  ChainRun chain = start_chain_run(
      ChainSpec{"regenerate", {{"metadata", {{"source_id", "wiki"}}, 10}, {"index", {}, 90}}});
  chain.phases[0].job = 7;
  chain.phases[0].state = JobState::completed;
  chain.phases[0].percentage = 100;
  chain.phases[0].result = Json{{"documents", 12}};
  chain.phases[1].job = 8;
  chain.phases[1].state = JobState::running;
  chain.phases_completed = 1;
  job.chain = std::move(chain);
  return job;
}

void expect_same_attempts(const std::vector<Attempt>& actual,
                          const std::vector<Attempt>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const Attempt& a = actual[i];
    const Attempt& e = expected[i];
    EXPECT_EQ(std::tie(a.n, a.token, a.node, a.pid, a.shim_pid, a.shim_start_ticks, a.boot_id),
              std::tie(e.n, e.token, e.node, e.pid, e.shim_pid, e.shim_start_ticks, e.boot_id));
    EXPECT_EQ(
        std::tie(a.started_at, a.ended_at, a.exit_code, a.signal, a.log_bytes, a.log_truncated),
        std::tie(e.started_at, e.ended_at, e.exit_code, e.signal, e.log_bytes, e.log_truncated));
  }
}

// The job JSON covers every stored Job field but stop_request; attempts and
// history are compared field by field.
void expect_same_job(const Job& actual, const Job& expected) {
  EXPECT_EQ(job_to_json(actual, JsonDetail::summary), job_to_json(expected, JsonDetail::summary));
  EXPECT_EQ(actual.stop_request, expected.stop_request);
  expect_same_attempts(actual.attempts, expected.attempts);
  ASSERT_EQ(actual.history.size(), expected.history.size());
  for (std::size_t i = 0; i < actual.history.size(); ++i) {
    const Transition& a = actual.history[i];
    const Transition& e = expected.history[i];
    EXPECT_EQ(std::tie(a.at, a.from, a.to, a.reason), std::tie(e.at, e.from, e.to, e.reason));
  }
}

WriteBatch batch_with_history(const Job& job) {
  WriteBatch batch;
  batch.jobs.push_back(job);
  for (const Attempt& attempt : job.attempts) batch.attempts.emplace_back(job.id, attempt);
  for (const Transition& transition : job.history) batch.history.emplace_back(job.id, transition);
  return batch;
}

}  // namespace drover
