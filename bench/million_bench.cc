// A big backlog through the real daemon (the issue "A million jobs"), at N
// jobs (default 1,000,000; `--jobs 100000` for a quick run). Not run by
// scripts/test; scripts/bench runs it at the default size.
//
// (a) N shell jobs with distinct params, (b) N shell jobs with the same
// params (one shared key), each into a fresh daemon whose queue is paused, in
// batches of 1,000 through POST /api/jobs: the submit rate of every slice of
// 100,000 (first and last side by side), /healthz latency sampled by a second
// thread during the submits, the daemon's RSS at the end, and the latency of
// `drover ls` and of the UI's first page at N queued jobs.
// (c) N finished jobs (a cached type: each submit completes at once from the
// cache), then retention of all of them (POST /api/clean), with /healthz
// sampled throughout.
// Usage: million_bench [--jobs N] [--only a|b|c]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "bench_daemon.h"

namespace {

using namespace drover;
using namespace drover::bench;
using Clock = std::chrono::steady_clock;

constexpr int kBatch = 1000;
constexpr int kSlice = 100'000;
constexpr auto kSampleEvery = std::chrono::milliseconds(10);
constexpr int kListingRounds = 5;
const char* const kBacklogConfig = "[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 2\n";
const char* const kCachedConfig =
    "[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 2\n"
    "[types.cached]\ncommand = [\"/bin/true\"]\ncache_ttl = \"7d\"\n";

double ms_since(Clock::time_point start) { return seconds_since(start) * 1000.0; }

// GET /healthz every 10 ms on its own thread and connection, timing each answer.
class HealthSampler {
 public:
  explicit HealthSampler(const StatePaths& paths) : m_client(paths) {
    m_thread = std::thread([this] {
      while (!m_stop.load()) {
        auto start = Clock::now();
        if (!m_client.get("/healthz")) m_failures++;
        m_latencies_ms.push_back(ms_since(start));
        std::this_thread::sleep_for(kSampleEvery);
      }
    });
  }
  HealthSampler(const HealthSampler&) = delete;
  HealthSampler& operator=(const HealthSampler&) = delete;
  ~HealthSampler() { stop(); }

  // Stops sampling and prints p50, p99 and max.
  void report(const std::string& label) {
    stop();
    std::string note = std::to_string(m_latencies_ms.size()) + " samples, " +
                       std::to_string(m_failures) + " failed";
    double max = m_latencies_ms.empty() ? 0 : percentile(m_latencies_ms, 100);
    print_figure(label + ": /healthz p50", percentile(m_latencies_ms, 50), "ms", note);
    print_figure(label + ": /healthz p99", percentile(m_latencies_ms, 99), "ms", "target < 50 ms");
    print_figure(label + ": /healthz max", max, "ms");
  }

 private:
  void stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
  }

  cli::DaemonClient m_client;
  std::atomic<bool> m_stop{false};
  std::vector<double> m_latencies_ms;
  int m_failures = 0;
  std::thread m_thread;
};

// Resident set size now (VmRSS), in MiB.
double rss_mib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;  // kB
  }
  return 0;
}

// Submits `count` jobs in batches of 1,000 built by `body(n)`; prints the
// rate of every slice of 100,000 (or a tenth of `count` when smaller).
void submit_all(const BenchDaemon& daemon, int count, const std::function<Json(int)>& body,
                const std::string& label) {
  int slice = std::max(kBatch, std::min(kSlice, count / 10));
  std::vector<double> rates;
  auto slice_start = Clock::now();
  for (int sent = 0; sent < count;) {
    Json jobs = Json::array();
    for (int i = 0; i < kBatch && sent + i < count; ++i) jobs.push_back(body(sent + i));
    sent += static_cast<int>(jobs.size());
    Json accepted = daemon.post("/api/jobs", {{"jobs", std::move(jobs)}})["jobs"];
    if (accepted.empty() || accepted.back().value("deduplicated", false)) {
      die("a batch was deduplicated or empty; nothing measured");
    }
    if (sent % slice == 0 || sent == count) {
      rates.push_back(slice / seconds_since(slice_start));
      slice_start = Clock::now();
    }
  }
  for (std::size_t i = 0; i < rates.size(); ++i) {
    std::string what =
        fmt::format("{}: submit, jobs {}k-{}k", label, i * slice / 1000, (i + 1) * slice / 1000);
    print_figure(what, rates[i], "jobs/s", i == 0 ? "target >= 8000" : "");
  }
  double drift = 100.0 * (rates.back() - rates.front()) / rates.front();
  print_figure(label + ": last slice vs first", drift, "%", "target within +-20 %");
}

// Median wall time of `call` over a few rounds, in ms.
double median_ms(const std::function<void()>& call) {
  std::vector<double> times;
  for (int i = 0; i < kListingRounds; ++i) {
    auto start = Clock::now();
    call();
    times.push_back(ms_since(start));
  }
  return percentile(times, 50);
}

void report_listings(const BenchDaemon& daemon, const std::string& label) {
  std::string dir = daemon.state_dir().string();
  print_figure(label + ": `drover ls` (process, wall)", median_ms([&] {
                 if (run_quietly({drover_bin(), "ls", "--state-dir", dir}) != 0)
                   die("drover ls failed");
               }),
               "ms", "median of 5, target < 50 ms");
  print_figure(label + ": GET /api/jobs (what ls asks)",
               median_ms([&] { daemon.get("/api/jobs"); }), "ms", "median of 5");
  // The Jobs page's requests (the browser sends them at once; here one after another).
  print_figure(label + ": UI first page (listed jobs, 100 queued, queue counts)", median_ms([&] {
                 daemon.get("/api/jobs?state=running,paused,interrupted&limit=1000");
                 daemon.get("/api/interrupted");
                 daemon.get("/api/jobs?state=queued&limit=100");
                 daemon.get("/api/queues");
               }),
               "ms", "median of 5, target < 50 ms");
  print_figure(label + ": baseline: every active job up to 1,000 + interrupted", median_ms([&] {
                 daemon.get("/api/jobs?state=queued,running,paused,interrupted&limit=1000");
                 daemon.get("/api/interrupted");
               }),
               "ms", "median of 5, what the first page asked before");
}

void paused_daemon_run(BenchDaemon& daemon) {
  daemon.start();
  Json paused = daemon.post("/api/queues/default/pause", Json::object());
  if (!paused.value("paused", false)) die("queue default not paused: " + paused.dump());
}

void report_backlog(const std::string& label, int count, const std::function<Json(int)>& body) {
  std::printf("== %s: %d jobs, default queue paused\n", label.c_str(), count);
  BenchDaemon daemon(make_state_dir("million"), kBacklogConfig);
  paused_daemon_run(daemon);
  double rss_before = rss_mib(daemon.pid());
  {
    HealthSampler sampler(daemon.client().paths());
    submit_all(daemon, count, body, label);
    sampler.report(label + ", during submits");
  }
  double rss = rss_mib(daemon.pid());
  print_figure(label + ": daemon RSS, empty", rss_before, "MiB");
  print_figure(label + ": daemon RSS, all queued", rss, "MiB", "target < 100 MiB");
  print_figure(label + ": per queued job", (rss - rss_before) * 1024 * 1024 / count, "bytes");
  report_listings(daemon, label);
}

Json distinct_job(int n) {
  return {{"type", "shell"}, {"params", {{"argv", {"/bin/true", std::to_string(n)}}}}};
}

Json shared_key_job(int) {
  return {{"type", "shell"}, {"params", {{"argv", {"/bin/true", "same"}}}}};
}

// Submits one cached job and waits for it to complete: the source of the cache.
void seed_cache(const BenchDaemon& daemon) {
  JobId id = daemon.post("/api/jobs", {{"type", "cached"}, {"params", Json::object()}})["id"];
  auto deadline = Clock::now() + std::chrono::seconds(60);
  while (daemon.get("/api/jobs/" + std::to_string(id))["state"] != "completed") {
    if (Clock::now() > deadline) die("the cache's source job did not complete within 60 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void report_retention(int count) {
  std::printf("== retention: %d finished jobs (completed from the cache)\n", count);
  BenchDaemon daemon(make_state_dir("million-retention"), kCachedConfig);
  daemon.start();
  seed_cache(daemon);
  submit_all(
      daemon, count,
      [](int) {
        return Json{{"type", "cached"}, {"params", Json::object()}};
      },
      "(c) finished");
  print_figure("(c) daemon RSS, all finished", rss_mib(daemon.pid()), "MiB");
  HealthSampler sampler(daemon.client().paths());
  auto start = Clock::now();
  Json removed = daemon.post("/api/clean", {{"older_than", "0s"}, {"keep", 0}})["removed"];
  double seconds = seconds_since(start);
  sampler.report("(c) during retention");
  print_figure("(c) retention: jobs removed", static_cast<double>(removed.size()), "jobs");
  print_figure("(c) retention: rate", static_cast<double>(removed.size()) / seconds, "jobs/s",
               fmt::format("{:.1f} s in all", seconds));
  print_figure("(c) daemon RSS after retention", rss_mib(daemon.pid()), "MiB");
}

struct BenchOptions {
  int jobs = 1'000'000;
  std::string only;  // "a", "b" or "c": one part (to profile it); empty: all
};

BenchOptions parse_options(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
      options.jobs = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
      options.only = argv[++i];
      if (options.only != "a" && options.only != "b" && options.only != "c") {
        die("--only takes a, b or c (distinct params, one shared key, retention)");
      }
    } else {
      die(std::string("usage: million_bench [--jobs N] [--only a|b|c]; unknown argument ") +
          argv[i]);
    }
  }
  if (options.jobs < kBatch) die("--jobs must be at least 1000");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions options = parse_options(argc, argv);
  auto wanted = [&options](const char* part) {
    return options.only.empty() || options.only == part;
  };
  if (wanted("a")) report_backlog("(a) distinct params", options.jobs, distinct_job);
  if (wanted("b")) report_backlog("(b) one shared key", options.jobs, shared_key_job);
  if (wanted("c")) report_retention(options.jobs);
  return 0;
}
