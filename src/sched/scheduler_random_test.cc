// Thousands of random steps against the Scheduler — submits, starts,
// completions, cancels and restarts (a new Scheduler rebuilt from what was
// running and queued) — checking after each step, with bookkeeping of its
// own, that no queue limit, resource capacity or conflict key is exceeded,
// and at the end that every job ran.
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "sched/scheduler.h"

namespace drover {
namespace {

struct Model {
  std::string queue;
  int priority = 0;
  Claims claims;
  bool running = false;
  bool done = false;
};

class RandomRun {
 public:
  explicit RandomRun(unsigned seed) : m_random(seed) { configure(m_scheduler); }

  void step() {
    int dice = pick(0, 99);
    if (dice < 35 && m_next_id <= kJobs) return submit();
    if (dice < 75) return complete_one();
    if (dice < 85) return cancel_one();
    if (dice < 90) return restart();
    start_all();
  }

  void drain() {
    for (int i = 0; i < 100000 && !all_done(); ++i) {
      start_all();
      complete_one();
    }
  }

  bool all_done() const {
    for (const auto& [id, job] : m_jobs) {
      if (!job.done) return false;
    }
    return m_next_id > kJobs;
  }

  static constexpr int kJobs = 600;

 private:
  static void configure(Scheduler& scheduler) {
    scheduler.set_queue("a", 3);
    scheduler.set_queue("b", 1);
    scheduler.set_queue("c", 5);
    scheduler.set_resource("r1", 1);
    scheduler.set_resource("r2", 2);
    scheduler.set_resource("r3", 3);
  }

  int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_random); }

  void submit() {
    Model job;
    job.queue = std::string(1, static_cast<char>('a' + pick(0, 2)));
    job.priority = pick(0, 3);
    for (const char* resource : {"r1", "r2", "r3"}) {
      if (pick(0, 3) == 0) job.claims.resources.push_back(resource);
    }
    if (pick(0, 2) == 0) job.claims.conflict = "key-" + std::to_string(pick(0, 4));
    JobId id = m_next_id++;
    m_scheduler.add_queued(id, job.queue, job.priority, std::nullopt, job.claims);
    m_jobs[id] = job;
    start_all();
  }

  void start_all() {
    for (JobId id : m_scheduler.take_startable(0)) {
      Model& job = m_jobs.at(id);
      ASSERT_FALSE(job.running || job.done) << "job " << id << " started twice";
      job.running = true;
      check_limits();
    }
  }

  template <typename Pred>
  std::optional<JobId> random_job(Pred pred) {
    std::vector<JobId> ids;
    for (const auto& [id, job] : m_jobs) {
      if (pred(job)) ids.push_back(id);
    }
    if (ids.empty()) return std::nullopt;
    return ids[static_cast<std::size_t>(pick(0, static_cast<int>(ids.size()) - 1))];
  }

  void complete_one() {
    auto id = random_job([](const Model& job) { return job.running; });
    if (!id) return;
    finish(*id);
  }

  void cancel_one() {
    auto id = random_job([](const Model& job) { return !job.done && !job.running; });
    if (!id) return;
    finish(*id);
  }

  void finish(JobId id) {
    m_scheduler.remove(id);
    m_jobs[id].running = false;
    m_jobs[id].done = true;
    start_all();
  }

  // A daemon restart: a new scheduler learns what runs and what waits.
  void restart() {
    Scheduler fresh;
    configure(fresh);
    for (const auto& [id, job] : m_jobs) {
      if (job.running) fresh.add_running(id, job.queue, job.claims);
      if (!job.running && !job.done) fresh.add_queued(id, job.queue, job.priority, {}, job.claims);
    }
    m_scheduler = std::move(fresh);
    start_all();
  }

  void check_limits() {
    std::map<std::string, int> per_queue, per_resource, per_conflict;
    for (const auto& [id, job] : m_jobs) {
      if (!job.running) continue;
      per_queue[job.queue]++;
      for (const auto& resource : job.claims.resources) per_resource[resource]++;
      if (job.claims.conflict) per_conflict[*job.claims.conflict]++;
    }
    const std::map<std::string, int> limits{{"a", 3},  {"b", 1},  {"c", 5},
                                            {"r1", 1}, {"r2", 2}, {"r3", 3}};
    for (const auto& [queue, count] : per_queue) ASSERT_LE(count, limits.at(queue)) << queue;
    for (const auto& [name, count] : per_resource) ASSERT_LE(count, limits.at(name)) << name;
    for (const auto& [key, count] : per_conflict) ASSERT_LE(count, 1) << key;
  }

  std::mt19937 m_random;
  Scheduler m_scheduler;
  std::map<JobId, Model> m_jobs;
  JobId m_next_id = 1;
};

class SchedulerRandom : public ::testing::TestWithParam<unsigned> {};

TEST_P(SchedulerRandom, LimitsHoldAtEveryStepAndEveryJobRuns) {
  RandomRun run(GetParam());
  for (int step = 0; step < 5000; ++step) {
    run.step();
    if (::testing::Test::HasFatalFailure()) return;
  }
  run.drain();
  EXPECT_TRUE(run.all_done()) << "some job never ran (starvation)";
}

INSTANTIATE_TEST_SUITE_P(Seeds, SchedulerRandom, ::testing::Values(1u, 7u, 42u, 2026u, 31337u));

}  // namespace
}  // namespace drover
