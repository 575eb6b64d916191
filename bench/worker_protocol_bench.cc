// The worker protocol raw, as a native client speaks it: no-op jobs of a
// worker type submitted in batches (POST /api/jobs {"jobs": [...]}) while
// worker threads fetch them in batches (POST /api/workers/fetch, max 1000)
// and complete them in batches (POST /api/workers/reports), timed from the
// first submit until the last completion is acknowledged (every change
// committed durably before its answer). Then submit-to-start: jobs
// submitted one at a time, 100 a second (no queue builds), each timed from
// just before its submit until a waiting fetch hands it out. Over the unix socket, one connection
// per request (the CLI's DaemonClient).
// Usage: worker_protocol_bench [jobs] [latency jobs]   (default 100000 1000)
#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "bench_daemon.h"

namespace {

using namespace drover;
using namespace drover::bench;
using Clock = std::chrono::steady_clock;

constexpr int kBatch = 1000;
constexpr int kWorkerThreads = 2;
constexpr auto kLatencyInterval = std::chrono::milliseconds(10);
constexpr const char* kConfig =
    "[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 5000\n"
    "[types.noop]\nrunner = \"worker\"\n";

Json fetch_body(int max, double wait) {
  return {{"worker", {{"id", "bench"}, {"host", "localhost"}, {"pid", 1}}},
          {"types", {"noop"}},
          {"max", max},
          {"wait", wait}};
}

// Completes every job of a fetch's answer in one request; how many.
int complete_all(const cli::DaemonClient& client, const Json& fetched) {
  Json reports = Json::array();
  for (const Json& job : fetched["jobs"]) {
    reports.push_back({{"job", job["id"]}, {"token", job["token"]}, {"end", "complete"}});
  }
  if (reports.empty()) return 0;
  auto answer = client.post("/api/workers/reports", {{"reports", std::move(reports)}});
  if (!answer) die("POST /api/workers/reports: " + answer.error().message);
  int completed = 0;
  for (const Json& one : (*answer)["answers"]) completed += one.contains("error") ? 0 : 1;
  return completed;
}

// A worker thread: fetch a batch, complete it, until `total` are completed.
void work(const BenchDaemon& daemon, int total, std::atomic<int>& completed) {
  cli::DaemonClient client(daemon.client().paths());
  while (completed.load() < total) {
    auto fetched = client.post("/api/workers/fetch", fetch_body(kBatch, 0.2));
    if (!fetched) die("POST /api/workers/fetch: " + fetched.error().message);
    completed += complete_all(client, *fetched);
  }
}

void report_batched(const BenchDaemon& daemon, int total) {
  std::atomic<int> completed = 0;
  CpuSeconds before = cpu_seconds(daemon.pid());
  auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int n = 0; n < kWorkerThreads; ++n) {
    workers.emplace_back([&] { work(daemon, total, completed); });
  }
  Json batch = Json::array();
  for (int n = 0; n < kBatch; ++n) batch.push_back({{"type", "noop"}, {"params", Json::object()}});
  for (int submitted = 0; submitted < total; submitted += kBatch) {
    Json jobs = batch;
    jobs.get_ref<Json::array_t&>().resize(
        static_cast<std::size_t>(std::min(kBatch, total - submitted)));
    daemon.post("/api/jobs", {{"jobs", std::move(jobs)}});
  }
  for (std::thread& worker : workers) worker.join();
  double elapsed = seconds_since(start);
  print_figure("raw protocol, batched: submit -> completed", total / elapsed, "jobs/s",
               fmt::format("{} no-op jobs, batches of {}, {} worker threads", total, kBatch,
                           kWorkerThreads));
  // Independent of how busy the host is: what one job costs the daemon.
  double cpu = cpu_seconds(daemon.pid()).self - before.self;
  print_figure("daemon CPU per job (batched)", cpu * 1e6 / total, "us");
}

void report_latency(const BenchDaemon& daemon, int total) {
  std::mutex mutex;
  std::map<std::int64_t, Clock::time_point> started;
  std::atomic<int> completed = 0;
  std::thread worker([&] {
    cli::DaemonClient client(daemon.client().paths());
    while (completed.load() < total) {
      auto fetched = client.post("/api/workers/fetch", fetch_body(kBatch, 1));
      if (!fetched) die("POST /api/workers/fetch: " + fetched.error().message);
      auto now = Clock::now();
      {
        std::lock_guard lock(mutex);
        for (const Json& job : (*fetched)["jobs"]) started[job["id"].get<std::int64_t>()] = now;
      }
      completed += complete_all(client, *fetched);
    }
  });
  std::map<std::int64_t, Clock::time_point> submitted;
  auto began = Clock::now();
  for (int n = 0; n < total; ++n) {
    std::this_thread::sleep_until(began + n * kLatencyInterval);
    auto before = Clock::now();
    Json job = daemon.post("/api/jobs", {{"type", "noop"}, {"params", Json::object()}});
    submitted[job["id"].get<std::int64_t>()] = before;
  }
  worker.join();
  std::vector<double> waits;
  for (const auto& [id, at] : submitted) {
    if (auto it = started.find(id); it != started.end()) {
      waits.push_back(std::chrono::duration<double, std::milli>(it->second - at).count());
    }
  }
  std::string note = fmt::format("{} jobs submitted one at a time, 100/s", waits.size());
  print_figure("raw protocol: submit -> handed to a worker, p50", percentile(waits, 50), "ms",
               note);
  print_figure("raw protocol: submit -> handed to a worker, p99", percentile(waits, 99), "ms",
               note + ", target < 5 ms");
}

}  // namespace

int main(int argc, char** argv) {
  int jobs = argc > 1 ? std::atoi(argv[1]) : 100000;
  int latency_jobs = argc > 2 ? std::atoi(argv[2]) : 1000;
  BenchDaemon daemon(make_state_dir("worker-protocol"), kConfig);
  daemon.start();
  report_batched(daemon, jobs);
  report_latency(daemon, latency_jobs);
  return 0;
}
