// End-to-end throughput of the real daemon: 2,000 `/bin/true` jobs through a
// queue with parallel = 2, from submit until every one is completed (each
// state change committed with synchronous=FULL), next to the baseline of the
// same run: posix_spawn of /bin/true, 2 in flight. Then, per job: CPU of the
// daemon and of the launcher with its shims, and (under strace, on a smaller
// batch) files created and deleted and fsyncs, the daemon's (the store) and
// the shims' apart; a shell loop of `drover run` next to one of `tsp -n`
// (task-spooler, when installed); the rate at 10x the jobs; the CPU of
// `drover --version` (the CLI's start-up).
// Then the daemon's peak RSS and the time of the real `drover ls` against
// 100,000 finished jobs, written straight into the SQLite file
// (open_sqlite_store) before the daemon starts.
// State dirs go under $TMPDIR (default /tmp): put it on a real disk, fsync on
// tmpfs costs nothing.
// Usage: throughput_bench [jobs] [stored jobs] [many jobs] [loop jobs]
//        (default 2000 100000 20000 500; 0 skips a part)
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "bench_daemon.h"
#include "shim/launcher_for_tests.h"
#include "store/store.h"

extern char** environ;

namespace {

using namespace drover;
using namespace drover::bench;
using Clock = std::chrono::steady_clock;

constexpr int kParallel = 2;
constexpr int kFillBatch = 5000;
constexpr int kLsRuns = 20;
constexpr int kStartupRuns = 200;
constexpr auto kPollInterval = std::chrono::milliseconds(50);
constexpr int kTracedJobs = 200;
constexpr const char* kThroughputConfig =
    "[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 2\n";

// CPU seconds of the children this process has reaped so far.
double reaped_children_cpu() {
  rusage usage{};
  ::getrusage(RUSAGE_CHILDREN, &usage);
  auto seconds = [](const timeval& time) { return time.tv_sec + time.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

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
double daemon_throughput(BenchDaemon& daemon, int count, bool quiet = false) {
  Json jobs = Json::array();
  for (int i = 0; i < count; ++i) {
    jobs.push_back({{"type", "shell"}, {"params", {{"argv", {"/bin/true"}}}}});
  }
  auto start = Clock::now();
  Json accepted = daemon.post("/api/jobs", {{"jobs", std::move(jobs)}})["jobs"];
  for (const Json& job : accepted) {
    if (job.value("deduplicated", false)) die("the daemon deduplicated a submit; nothing measured");
  }
  if (!quiet) print_figure("submit (one batch request)", seconds_since(start) * 1000, "ms");
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

// CPU per job of the daemon, and of the launcher with the shims it forked
// (and their /bin/true), over one run of daemon_throughput.
void report_cpu_per_job(const BenchDaemon& daemon, CpuSeconds daemon_before, int count,
                        double true_cpu) {
  CpuSeconds daemon_after = cpu_seconds(daemon.pid());
  print_figure("CPU per job: daemon", (daemon_after.self - daemon_before.self) * 1000 / count,
               "ms");
  int launcher = launcher_pid_for_tests(daemon.state_dir());
  if (launcher <= 0) {
    print_figure("CPU per job: shims (exec'd, reaped by the daemon)",
                 (daemon_after.children - daemon_before.children) * 1000 / count, "ms");
    return;
  }
  CpuSeconds forked = cpu_seconds(launcher);  // started on demand by this run
  print_figure("CPU per job: launcher", forked.self * 1000 / count, "ms");
  print_figure("CPU per job: shims and their /bin/true", forked.children * 1000 / count, "ms",
               fmt::format("/bin/true alone: {:.3f} ms", true_cpu * 1000));
}

// Counts, in an strace log, the calls that start with `call(` and did not
// fail; with `flag`, only those whose arguments hold it; with `except`, not
// those that hold it.
int count_calls(const std::filesystem::path& log, const std::string& call,
                const std::string& flag = "", const std::string& except = "") {
  std::ifstream file(log);
  int count = 0;
  for (std::string line; std::getline(file, line);) {
    std::size_t at = line.find(call + "(");
    if (at == std::string::npos || (at > 0 && std::isalnum(line[at - 1]))) continue;
    if (!flag.empty() && line.find(flag) == std::string::npos) continue;
    if (!except.empty() && line.find(except) != std::string::npos) continue;
    if (line.find("= -1") != std::string::npos) continue;
    ++count;
  }
  return count;
}

// True once a tracer (strace) is attached to `pid`.
bool traced(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("TracerPid:", 0) == 0) return std::atoi(line.c_str() + 10) != 0;
  }
  return false;
}

// Starts strace on `pid` (and everything it forks) into `log`.
pid_t start_strace(pid_t pid, const std::filesystem::path& log) {
  std::string command = fmt::format(
      "exec /usr/bin/strace -f -qq -o {} -e trace=openat,mkdir,mkdirat,linkat,link,rename,"
      "renameat,renameat2,unlink,unlinkat,rmdir,fsync,fdatasync -p {}",
      log.string(), pid);
  pid_t tracer = ::fork();
  if (tracer == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return tracer;
}

void stop_strace(pid_t tracer) {
  ::kill(tracer, SIGINT);
  int status = 0;
  ::waitpid(tracer, &status, 0);
}

// New inodes in `log`: files (O_CREAT, O_TMPFILE) and folders, those of the
// attempt cgroups (not on disk) apart.
struct Created {
  int files_and_folders = 0;
  int cgroups = 0;
  int deleted = 0;
  int fsyncs = 0;
};

Created count_created(const std::filesystem::path& log) {
  const std::string cgroup = "/sys/fs/cgroup";
  Created created;
  created.files_and_folders =
      count_calls(log, "openat", "O_CREAT") + count_calls(log, "openat", "O_TMPFILE") +
      count_calls(log, "mkdir", "", cgroup) + count_calls(log, "mkdirat", "", cgroup);
  created.cgroups = count_calls(log, "mkdir", cgroup) + count_calls(log, "mkdirat", cgroup);
  created.deleted = count_calls(log, "unlink", "", cgroup) +
                    count_calls(log, "unlinkat", "", cgroup) +
                    count_calls(log, "rmdir", "", cgroup);
  created.fsyncs = count_calls(log, "fsync") + count_calls(log, "fdatasync");
  return created;
}

// Files created and fsyncs per job, under strace (the daemon, and the
// launcher with everything it forks, each traced on its own), on a batch of
// its own: strace slows what it watches.
void report_files_per_job(BenchDaemon& daemon) {
  int launcher = launcher_pid_for_tests(daemon.state_dir());
  if (::access("/usr/bin/strace", X_OK) != 0 || launcher <= 0) {
    std::printf("(files and fsyncs per job: needs /usr/bin/strace and a launcher)\n");
    return;
  }
  std::filesystem::path daemon_log = daemon.state_dir() / "strace-daemon.log";
  std::filesystem::path launcher_log = daemon.state_dir() / "strace-launcher.log";
  pid_t daemon_tracer = start_strace(daemon.pid(), daemon_log);
  pid_t launcher_tracer = start_strace(launcher, launcher_log);
  // strace attaches in a moment: /proc says when.
  while (!traced(daemon.pid()) || !traced(launcher)) std::this_thread::sleep_for(kPollInterval);
  daemon_throughput(daemon, kTracedJobs, true);
  stop_strace(daemon_tracer);
  stop_strace(launcher_tracer);
  double jobs = kTracedJobs;
  Created by_daemon = count_created(daemon_log);
  Created by_shims = count_created(launcher_log);
  std::string how = fmt::format("strace of {} jobs", kTracedJobs);
  print_figure("files and folders created per job",
               (by_daemon.files_and_folders + by_shims.files_and_folders) / jobs, "",
               "openat O_CREAT|O_TMPFILE + mkdir, " + how);
  print_figure("files and folders deleted per job", (by_daemon.deleted + by_shims.deleted) / jobs,
               "", "unlink + rmdir, " + how);
  print_figure("attempt cgroups created per job", (by_daemon.cgroups + by_shims.cgroups) / jobs, "",
               "mkdir under /sys/fs/cgroup, not on disk");
  print_figure("fsyncs per job, launcher and shims", by_shims.fsyncs / jobs, "");
  print_figure("fsyncs per job, daemon (store)", by_daemon.fsyncs / jobs, "");
  print_figure("fsyncs per job, all (store included)", (by_daemon.fsyncs + by_shims.fsyncs) / jobs,
               "");
}

// Runs a shell loop that submits jobs one command at a time.
void run_shell_loop(const std::string& script) {
  if (int code = run_quietly({"/bin/sh", "-c", script}); code != 0) {
    die("the shell loop failed with " + std::to_string(code) + ": " + script);
  }
}

void report_shell_loops(int count) {
  std::printf("== a shell loop of %d submissions of /bin/true, parallel = %d\n", count, kParallel);
  BenchDaemon daemon(make_state_dir("loop"), kThroughputConfig);
  daemon.start();
  std::string drover = fmt::format("{} --state-dir {}", drover_bin(), daemon.state_dir().string());
  auto start = Clock::now();
  run_shell_loop(
      fmt::format("for i in $(seq {}); do {} run -- /bin/true || exit 1; done", count, drover));
  wait_until_idle(daemon);
  double drover_rate = count / seconds_since(start);
  print_figure("drover run loop: -> all completed", drover_rate, "jobs/s");
  if (::access("/usr/bin/tsp", X_OK) != 0) {
    std::printf("(tsp -n loop: task-spooler is not installed; scripts/bench installs it)\n");
    return;
  }
  std::filesystem::path socket = daemon.state_dir() / "tsp.socket";
  std::string tsp = fmt::format("TS_SOCKET={} TMPDIR={} /usr/bin/tsp", socket.string(),
                                daemon.state_dir().string());
  run_shell_loop(fmt::format("{} -S {}", tsp, kParallel));  // starts its server
  start = Clock::now();
  // -w waits for the last job; with two slots the one before it ends about as soon.
  run_shell_loop(fmt::format("for i in $(seq {1}); do {0} -n /bin/true || exit 1; done && {0} -w",
                             tsp, count));
  double tsp_rate = count / seconds_since(start);
  run_shell_loop(tsp + " -K");
  print_figure("tsp -n loop: -> last completed", tsp_rate, "jobs/s");
  print_figure("drover run loop / tsp -n loop", 100 * drover_rate / tsp_rate, "%",
               "target >= 100 %");
}

// Median CPU time (user + sys), in ms, of `runs` runs of `argv`.
double median_cpu_ms(const std::vector<std::string>& argv, int runs) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    double cpu = 0;
    if (run_quietly(argv, cpu) != 0) die(argv[0] + " failed");
    times.push_back(cpu * 1000);
  }
  return percentile(times, 50);
}

// A shell loop of `drover run` pays the CLI's start-up once per job: its CPU
// beside that of /bin/true (any process start) and of `tsp -h`.
void report_startup() {
  std::printf("== start-up CPU (user + sys), median of %d runs\n", kStartupRuns);
  print_figure("baseline: /bin/true", median_cpu_ms({"/bin/true"}, kStartupRuns), "ms");
  if (::access("/usr/bin/tsp", X_OK) == 0) {
    print_figure("baseline: tsp -h", median_cpu_ms({"/usr/bin/tsp", "-h"}, kStartupRuns), "ms");
  }
  print_figure("drover --version", median_cpu_ms({drover_bin(), "--version"}, kStartupRuns), "ms",
               "target < 1 ms");
}

void report_throughput(int count, int many) {
  std::printf("== %d /bin/true jobs, parallel = %d\n", count, kParallel);
  double true_cpu = reaped_children_cpu();
  double baseline = spawn_baseline(count);
  true_cpu = (reaped_children_cpu() - true_cpu) / count;
  print_figure("baseline: posix_spawn /bin/true, 2 in flight", baseline, "jobs/s");
  BenchDaemon daemon(make_state_dir("throughput"), kThroughputConfig);
  daemon.start();
  CpuSeconds daemon_before = cpu_seconds(daemon.pid());
  double jobs_per_s = daemon_throughput(daemon, count);
  print_figure("drover: submit -> all completed", jobs_per_s, "jobs/s");
  print_figure("drover / baseline", 100 * jobs_per_s / baseline, "%", "target >= 40 %");
  report_cpu_per_job(daemon, daemon_before, count, true_cpu);
  report_files_per_job(daemon);
  if (many > 0) {
    double many_per_s = daemon_throughput(daemon, many, true);
    print_figure(fmt::format("drover: {} more jobs, one batch", many), many_per_s, "jobs/s",
                 fmt::format("{:.0f} % of the rate at {}", 100 * many_per_s / jobs_per_s, count));
  }
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
  auto argument = [&](int index, int fallback) {
    return argc > index ? std::atoi(argv[index]) : fallback;
  };
  report_startup();
  if (int jobs = argument(1, 2000); jobs > 0) report_throughput(jobs, argument(3, 20000));
  if (int loop = argument(4, 500); loop > 0) report_shell_loops(loop);
  if (int stored = argument(2, 100000); stored > 0) report_list(stored);
  return 0;
}
