// The Scheduler alone, then the submit rate of the real daemon.
//
// 1. Scheduler: 100,000 queued jobs in 4 queues (parallel = 100 each), most
//    claiming one or two of 1,000 resources (capacity 1-3) and some one of 100
//    conflict keys. Enqueue time, the first pass, then 20,000 steps of
//    "complete one random running job (remove), then take_startable": start
//    decisions per second and the time per step, next to the baseline of the
//    same jobs and loop with no resources or conflicts.
// 2. Daemon: the default queue paused first so nothing runs, then 2,000
//    submits one request each and 20,000 in batches of 500, next to the
//    baseline of GET /healthz round trips over the same socket.
// Usage: scheduler_bench [queued jobs] [steps]   (default 100000 20000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench_daemon.h"
#include "sched/scheduler.h"

namespace {

using namespace drover;
using namespace drover::bench;
using Clock = std::chrono::steady_clock;

constexpr int kQueues = 4;
constexpr int kParallel = 100;
constexpr int kResources = 1000;
constexpr int kConflictKeys = 100;
constexpr Millis kNow = 1'700'000'000'000;
constexpr int kSingleSubmits = 2000;
constexpr int kBatchedSubmits = 20000;
constexpr int kBatch = 500;

struct PlannedJob {
  JobId id = 0;
  int queue = 0;
  int priority = 0;
  Claims claims;
};

// The same jobs for both runs (fixed seed); `with_claims` false drops claims.
std::vector<PlannedJob> plan_jobs(int count, bool with_claims) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> queue(0, kQueues - 1), priority(0, 3),
      resource(0, kResources - 1), conflict(0, kConflictKeys - 1), percent(0, 99);
  std::vector<PlannedJob> jobs(count);
  for (int i = 0; i < count; ++i) {
    PlannedJob& job = jobs[i];
    job.id = i + 1;
    job.queue = queue(rng);
    job.priority = priority(rng);
    int kind = percent(rng);  // 10 % none, 70 % one resource, 20 % two
    int resources = kind < 10 ? 0 : kind < 80 ? 1 : 2;
    bool has_conflict = percent(rng) < 10;  // 10 % hold a conflict key
    std::vector<std::string> names;
    for (int r = 0; r < resources; ++r) {
      std::string name = "res-" + std::to_string(resource(rng));
      if (r == 1 && name == names[0]) continue;
      names.push_back(std::move(name));
    }
    std::string key = "key-" + std::to_string(conflict(rng));
    if (!with_claims) continue;
    job.claims.resources = std::move(names);
    if (has_conflict) job.claims.conflict = std::move(key);
  }
  return jobs;
}

std::string queue_name(int i) { return "q" + std::to_string(i); }

void scheduler_run(const std::string& label, int count, int steps, bool with_claims) {
  std::vector<PlannedJob> jobs = plan_jobs(count, with_claims);
  Scheduler scheduler;
  std::mt19937 rng(7);
  for (int q = 0; q < kQueues; ++q) scheduler.set_queue(queue_name(q), kParallel);
  if (with_claims) {
    std::uniform_int_distribution<int> capacity(1, 3);
    for (int r = 0; r < kResources; ++r) {
      scheduler.set_resource("res-" + std::to_string(r), capacity(rng));
    }
  }
  std::vector<std::string> names;
  for (int q = 0; q < kQueues; ++q) names.push_back(queue_name(q));

  auto start = Clock::now();
  for (PlannedJob& job : jobs) {
    scheduler.add_queued(job.id, names[job.queue], job.priority, std::nullopt,
                         std::move(job.claims));
  }
  double enqueue_s = seconds_since(start);
  print_figure(label + ": enqueue " + std::to_string(count) + " jobs", enqueue_s * 1e6 / count,
               "us/job");

  start = Clock::now();
  std::vector<JobId> running = scheduler.take_startable(kNow);
  print_figure(label + ": first take_startable", seconds_since(start) * 1000, "ms",
               std::to_string(running.size()) + " started");

  std::vector<double> step_us;
  step_us.reserve(steps);
  long long started = 0;
  int idle_steps = 0;
  double total_s = 0;
  for (int i = 0; i < steps && !running.empty(); ++i) {
    std::uniform_int_distribution<std::size_t> pick(0, running.size() - 1);
    std::size_t at = pick(rng);
    JobId done = running[at];
    running[at] = running.back();
    running.pop_back();
    auto step_start = Clock::now();
    scheduler.remove(done);
    std::vector<JobId> now_started = scheduler.take_startable(kNow);
    double step_s = seconds_since(step_start);
    total_s += step_s;
    step_us.push_back(step_s * 1e6);
    started += static_cast<long long>(now_started.size());
    if (now_started.empty()) idle_steps++;
    running.insert(running.end(), now_started.begin(), now_started.end());
  }
  std::string note = std::to_string(step_us.size()) + " steps, " + std::to_string(started) +
                     " starts, " + std::to_string(idle_steps) + " steps started none, " +
                     std::to_string(running.size()) + " running at the end";
  print_figure(label + ": start decisions", started / total_s, "starts/s", note);
  // A step: remove one running job, then take_startable.
  double sum = 0;
  for (double us : step_us) sum += us;
  print_figure(label + ": step, mean", sum / step_us.size(), "us");
  print_figure(label + ": step, p99", percentile(step_us, 99), "us");
  print_figure(label + ": time per start", total_s * 1e6 / started, "us/start", "target < 1000 us");
}

// Enqueues the jobs once into a throwaway Scheduler, so that the first
// measured run does not pay alone for the heap growing.
void warm_up(int count) {
  Scheduler scheduler;
  for (PlannedJob& job : plan_jobs(count, true)) {
    scheduler.add_queued(job.id, queue_name(job.queue), job.priority, std::nullopt,
                         std::move(job.claims));
  }
}

void report_scheduler(int count, int steps) {
  std::printf("== Scheduler alone: %d queued jobs, %d queues x parallel %d, %d steps\n", count,
              kQueues, kParallel, steps);
  std::printf("   claims: 1000 resources (capacity 1-3), 100 conflict keys\n");
  warm_up(count);
  scheduler_run("baseline, no claims", count, steps, false);
  scheduler_run("claims", count, steps, true);
}

Json shell_job(int n) {
  return {{"type", "shell"}, {"params", {{"argv", {"/bin/true", std::to_string(n)}}}}};
}

void check_new(const Json& job) {
  if (job.value("deduplicated", false)) die("the daemon deduplicated a submit; nothing measured");
}

void report_submits() {
  std::printf("== daemon submit rate, default queue paused\n");
  BenchDaemon daemon(make_state_dir("submit"),
                     "[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 2\n");
  daemon.start();
  Json paused = daemon.post("/api/queues/default/pause", Json::object());
  if (!paused.value("paused", false)) die("queue default not paused: " + paused.dump());

  auto start = Clock::now();
  for (int i = 0; i < kSingleSubmits; ++i) daemon.get("/healthz");
  print_figure("baseline: GET /healthz, one request each", kSingleSubmits / seconds_since(start),
               "req/s", std::to_string(kSingleSubmits) + " requests");

  int n = 0;
  start = Clock::now();
  for (int i = 0; i < kSingleSubmits; ++i) check_new(daemon.post("/api/jobs", shell_job(n++)));
  print_figure("POST /api/jobs, one job per request", kSingleSubmits / seconds_since(start),
               "jobs/s", std::to_string(kSingleSubmits) + " jobs");

  start = Clock::now();
  for (int sent = 0; sent < kBatchedSubmits; sent += kBatch) {
    Json jobs = Json::array();
    for (int i = 0; i < kBatch; ++i) jobs.push_back(shell_job(n++));
    Json accepted = daemon.post("/api/jobs", {{"jobs", std::move(jobs)}})["jobs"];
    if (accepted.size() != kBatch) die("a batch answered " + std::to_string(accepted.size()));
    for (const Json& job : accepted) check_new(job);
  }
  print_figure("POST /api/jobs, batches of 500", kBatchedSubmits / seconds_since(start), "jobs/s",
               std::to_string(kBatchedSubmits) + " jobs, building the JSON included");

  if (!daemon.get("/api/jobs?state=running&limit=1")["jobs"].empty()) {
    print_figure("jobs that ran although the queue was paused", 1, "or more");
  }
  print_figure("daemon peak RSS (VmHWM)", peak_rss_mib(daemon.pid()), "MiB",
               std::to_string(kSingleSubmits + kBatchedSubmits) + " queued jobs");
}

}  // namespace

int main(int argc, char** argv) {
  report_scheduler(argc > 1 ? std::atoi(argv[1]) : 100000, argc > 2 ? std::atoi(argv[2]) : 20000);
  report_submits();
  return 0;
}
