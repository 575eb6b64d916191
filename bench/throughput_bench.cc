// End-to-end throughput of the real daemon: 2,000 `/bin/true` jobs through a
// queue with parallel = 2, from submit until every one is completed (each
// state change committed with synchronous=FULL), next to the baseline of the
// same run: posix_spawn of /bin/true, 2 in flight. Then the daemon's peak RSS
// and the time of the real `drover ls` against 100,000 finished jobs, written
// straight into the SQLite file (open_sqlite_store) before the daemon starts.
// State dirs go under $TMPDIR (default /tmp): put it on a real disk, fsync on
// tmpfs costs nothing.
// Usage: throughput_bench [jobs] [stored jobs]   (default 2000 100000)
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <thread>

#include "bench_daemon.h"
#include "store/store.h"

extern char** environ;

namespace {

using namespace drover;
using namespace drover::bench;
using Clock = std::chrono::steady_clock;

constexpr int kParallel = 2;
constexpr int kFillBatch = 5000;
constexpr int kLsRuns = 20;
constexpr auto kPollInterval = std::chrono::milliseconds(50);

// Runs /bin/true `count` times, `kParallel` at a time; returns runs per second.
double spawn_baseline(int count) {
  char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
  auto start = Clock::now();
  int started = 0, running = 0;
  while (started < count || running > 0) {
    if (started < count && running < kParallel) {
      pid_t pid = -1;
      if (::posix_spawn(&pid, argv[0], nullptr, nullptr, argv, environ) != 0) die("posix_spawn");
      started++, running++;
      continue;
    }
    int status = 0;
    if (::wait(&status) > 0) running--;
  }
  return count / seconds_since(start);
}

// Waits until no job is queued or running, asking once per kPollInterval.
void wait_until_idle(const BenchDaemon& daemon) {
  while (!daemon.get("/api/jobs?state=queued,running&limit=1")["jobs"].empty()) {
    std::this_thread::sleep_for(kPollInterval);
  }
}

// Submits `count` /bin/true jobs in one batch request; returns jobs per second
// from the submit until all are completed.
double daemon_throughput(BenchDaemon& daemon, int count) {
  Json jobs = Json::array();
  for (int i = 0; i < count; ++i) {
    jobs.push_back({{"type", "shell"}, {"params", {{"argv", {"/bin/true"}}}}});
  }
  auto start = Clock::now();
  Json accepted = daemon.post("/api/jobs", {{"jobs", std::move(jobs)}})["jobs"];
  for (const Json& job : accepted) {
    if (job.value("deduplicated", false)) die("the daemon deduplicated a submit; nothing measured");
  }
  print_figure("submit (one batch request)", seconds_since(start) * 1000, "ms");
  wait_until_idle(daemon);
  double elapsed = seconds_since(start);
  Json unsuccessful = daemon.get("/api/jobs?state=failed,cancelled,interrupted&limit=1000");
  if (const Json& jobs = unsuccessful["jobs"]; !jobs.empty()) {
    print_figure("jobs that did not complete", static_cast<double>(jobs.size()), "jobs",
                 "e.g. job " + jobs[0]["id"].dump() + ": " + jobs[0]["state"].get<std::string>() +
                     ", " + jobs[0]["state_reason"].get<std::string>());
    daemon.keep();
  }
  return count / elapsed;
}

// A completed shell job as the daemon leaves it: one attempt, two transitions.
void add_finished_job(WriteBatch& batch, JobId id, Millis at) {
  Job job;
  job.id = id;
  job.type = "shell";
  job.params = {{"argv", {"/bin/true", std::to_string(id)}}};
  job.state = JobState::completed;
  job.state_reason = "exit code 0";
  job.created_at = at;
  job.started_at = at + 5;
  job.finished_at = at + 15;
  Attempt attempt;
  attempt.n = 1;
  attempt.token = "bench-" + std::to_string(id);
  attempt.node = "bench";
  attempt.started_at = at + 5;
  attempt.ended_at = at + 15;
  attempt.exit_code = 0;
  batch.attempts.emplace_back(id, attempt);
  batch.history.emplace_back(id,
                             Transition{at + 5, JobState::queued, JobState::running, "started"});
  batch.history.emplace_back(
      id, Transition{at + 15, JobState::running, JobState::completed, "exit code 0"});
  batch.jobs.push_back(std::move(job));
}

void fill_finished_jobs(const std::filesystem::path& database, int count) {
  auto store = open_sqlite_store(database.string());
  if (!store) die(store.error().message);
  WriteBatch batch;
  Millis at = SystemClock().now() - count * 1000LL;
  for (int i = 0; i < count; ++i) {
    add_finished_job(batch, (*store)->next_job_id(), at + i * 1000LL);
    if (batch.jobs.size() == kFillBatch || i + 1 == count) {
      if (auto committed = (*store)->commit(batch, Durability::full); !committed) {
        die(committed.error().message);
      }
      batch.clear();
    }
  }
}

// Wall times, in ms, of `runs` runs of the real CLI against the daemon.
std::vector<double> time_cli(const BenchDaemon& daemon, std::vector<std::string> args, int runs) {
  args.insert(args.begin(), {drover_bin(), "--state-dir", daemon.state_dir().string()});
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    auto start = Clock::now();
    if (int code = run_quietly(args); code != 0) die("drover exited with " + std::to_string(code));
    times.push_back(seconds_since(start) * 1000);
  }
  return times;
}

void print_times(const std::string& what, std::vector<double> times) {
  std::string runs = std::to_string(times.size()) + " runs";
  print_figure(what + ", median", percentile(times, 50), "ms", runs);
  print_figure(what + ", p95", percentile(times, 95), "ms", runs);
}

void report_throughput(int count) {
  std::printf("== %d /bin/true jobs, parallel = %d\n", count, kParallel);
  double baseline = spawn_baseline(count);
  print_figure("baseline: posix_spawn /bin/true, 2 in flight", baseline, "jobs/s");
  BenchDaemon daemon(make_state_dir("throughput"),
                     "[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 2\n");
  daemon.start();
  double jobs_per_s = daemon_throughput(daemon, count);
  print_figure("drover: submit -> all completed", jobs_per_s, "jobs/s");
  print_figure("drover / baseline", 100 * jobs_per_s / baseline, "%", "target >= 40 %");
  print_figure("daemon peak RSS (VmHWM)", peak_rss_mib(daemon.pid()), "MiB");
}

void report_list(int stored) {
  std::printf("== drover ls with %d finished jobs in the store\n", stored);
  BenchDaemon daemon(make_state_dir("ls"), "[daemon]\nlisten = \"off\"\n");
  auto start = Clock::now();
  fill_finished_jobs(daemon.state_dir() / "drover.db", stored);
  print_figure("fill via open_sqlite_store, batches of 5000", seconds_since(start), "s");
  daemon.start();
  print_times("baseline: drover --version", time_cli(daemon, {"--version"}, kLsRuns));
  print_times("drover ls", time_cli(daemon, {"ls"}, kLsRuns));
  std::vector<double> first_page;
  for (int i = 0; i < kLsRuns; ++i) {
    auto page_start = Clock::now();
    daemon.get("/api/jobs?all=1");
    first_page.push_back(seconds_since(page_start) * 1000);
  }
  print_times("ls --all first page: GET /api/jobs?all=1", first_page);
  print_times("drover ls --all (every page)", time_cli(daemon, {"ls", "--all"}, 3));
  print_figure("daemon peak RSS (VmHWM)", peak_rss_mib(daemon.pid()), "MiB", "target < 100 MiB");
}

}  // namespace

int main(int argc, char** argv) {
  report_throughput(argc > 1 ? std::atoi(argv[1]) : 2000);
  report_list(argc > 2 ? std::atoi(argv[2]) : 100000);
  return 0;
}
