// How fast the real daemon ingests job events, end to end: 10 concurrent jobs
// each print N `@drover progress i/N item-i` lines as fast as awk can; the
// figure is total events / time from the submit until every job's
// progress.current (GET /api/jobs/{id}) is N. Baseline in the same run: the
// same 10 emitters writing to /dev/null. Also the daemon's CPU per million
// events, and the event -> `drover show` latency of a job printing one
// progress line every 100 ms with its wall-clock time as the item, read back
// by a poller every 5 ms.
// Usage: events_bench [events per job] [latency samples]   (default 200000 200)
#include <sys/resource.h>
#include <sys/wait.h>

#include <cstdlib>
#include <thread>

#include "bench_daemon.h"

namespace {

using namespace drover;
using namespace drover::bench;
using Clock = std::chrono::steady_clock;

constexpr int kJobs = 10;
constexpr auto kProgressPoll = std::chrono::milliseconds(50);
constexpr auto kLatencyPoll = std::chrono::milliseconds(5);

std::vector<std::string> emitter_argv(int events) {
  return {"/usr/bin/awk", "BEGIN { for (i = 1; i <= " + std::to_string(events) +
                              "; i++) print \"@drover progress \" i \"/" + std::to_string(events) +
                              " item-\" i }"};
}

double children_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  auto seconds = [](timeval t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// The 10 emitters alone, output to /dev/null; prints and returns events/s.
double report_baseline(int events) {
  double cpu_before = children_cpu_seconds();
  auto start = Clock::now();
  std::vector<std::thread> emitters;
  for (int i = 0; i < kJobs; ++i) {
    emitters.emplace_back([events] { run_quietly(emitter_argv(events)); });
  }
  for (std::thread& emitter : emitters) emitter.join();
  double rate = kJobs * events / seconds_since(start);
  print_figure("baseline: 10 awk emitters to /dev/null", rate, "events/s");
  print_figure("baseline: emitters' CPU", children_cpu_seconds() - cpu_before, "CPU-s");
  return rate;
}

Json submit(const BenchDaemon& daemon, const std::vector<std::string>& argv, int copies) {
  Json jobs = Json::array();
  for (int i = 0; i < copies; ++i)
    jobs.push_back({{"type", "shell"}, {"params", {{"argv", argv}}}});
  return daemon.post("/api/jobs", {{"jobs", std::move(jobs)}})["jobs"];
}

std::int64_t progress_of(const BenchDaemon& daemon, std::int64_t id) {
  Json job = daemon.get("/api/jobs/" + std::to_string(id));
  if (job["state"] == "failed") die("job " + std::to_string(id) + " failed: " + job.dump());
  return job["progress"].value("current", std::int64_t{0});
}

void report_ingest(const BenchDaemon& daemon, int events, double baseline) {
  CpuSeconds before = cpu_seconds(daemon.pid());
  auto start = Clock::now();
  Json jobs = submit(daemon, emitter_argv(events), kJobs);
  for (const Json& job : jobs) {
    while (progress_of(daemon, job["id"]) < events) std::this_thread::sleep_for(kProgressPoll);
  }
  double elapsed = seconds_since(start);
  CpuSeconds after = cpu_seconds(daemon.pid());
  double total = static_cast<double>(kJobs) * events;
  print_figure("drover: events ingested end to end", total / elapsed, "events/s",
               "target >= 100000");
  print_figure("drover / baseline", 100 * total / elapsed / baseline, "%");
  print_figure("daemon CPU (utime+stime)", after.self - before.self, "CPU-s");
  print_figure("daemon CPU per million events", (after.self - before.self) * 1e6 / total, "CPU-s");
  print_figure("reaped shims + jobs CPU", after.children - before.children, "CPU-s",
               "so far; jobs may still be ending");
}

std::vector<std::string> ticker_argv(int samples) {
  return {"/bin/sh", "-c",
          "i=1; while [ $i -le " + std::to_string(samples) + " ]; do echo \"@drover progress $i/" +
              std::to_string(samples) + " t$(date +%s%N)\"; i=$((i + 1)); sleep 0.1; done"};
}

std::int64_t wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void report_latency(const BenchDaemon& daemon, int samples) {
  std::int64_t id = submit(daemon, ticker_argv(samples), 1)[0]["id"];
  std::string target = "/api/jobs/" + std::to_string(id);
  std::vector<double> latencies, round_trips;
  std::string last_item;
  for (;;) {
    auto asked = Clock::now();
    Json job = daemon.get(target);
    round_trips.push_back(seconds_since(asked) * 1000);
    const Json& progress_item = job["progress"]["item"];
    std::string item = progress_item.is_string() ? progress_item.get<std::string>() : "";
    if (item.size() > 1 && item != last_item) {
      latencies.push_back(static_cast<double>(wall_clock_ns() - std::atoll(item.c_str() + 1)) /
                          1e6);
      last_item = item;
    }
    if (job["state"] != "running" && job["state"] != "queued") break;
    std::this_thread::sleep_for(kLatencyPoll);
  }
  std::string note = std::to_string(latencies.size()) + " events";
  print_figure("baseline: GET /api/jobs/{id} round trip, median", percentile(round_trips, 50),
               "ms");
  print_figure("event -> GET /api/jobs/{id}, p50", percentile(latencies, 50), "ms", note);
  print_figure("event -> GET /api/jobs/{id}, p99", percentile(latencies, 99), "ms",
               note + ", target < 200 ms");
}

}  // namespace

int main(int argc, char** argv) {
  int events = argc > 1 ? std::atoi(argv[1]) : 200000;
  int samples = argc > 2 ? std::atoi(argv[2]) : 200;
  std::printf("== %d jobs x %d progress events\n", kJobs, events);
  double baseline = report_baseline(events);
  BenchDaemon daemon(make_state_dir("events"),
                     "[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 11\n");
  daemon.start();
  report_ingest(daemon, events, baseline);
  std::printf("== event -> show latency, one event every 100 ms\n");
  report_latency(daemon, samples);
  return 0;
}
