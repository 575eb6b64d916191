#include "bench_daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <sstream>
#include <thread>

#include "os/fd.h"
#include "os/process.h"
#include "shim/launcher_for_tests.h"

namespace drover::bench {
namespace {

// Spawns `argv` with stdin on /dev/null and stdout+stderr on `output`.
pid_t spawn(const std::vector<std::string>& argv, const std::string& output) {
  auto file = open_file(output, O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (!file) die(file.error().message);
  SpawnOptions options;
  options.argv = argv;
  options.stdout_fd = file->get();
  options.stderr_fd = file->get();
  auto pid = spawn_process(options);
  if (!pid) die(pid.error().message);
  return *pid;
}

// The daemon running now, stopped by die() and std::terminate so that a
// failed benchmark leaves no daemon behind.
pid_t g_live_daemon = -1;

void stop_live_daemon() {
  if (g_live_daemon <= 0) return;
  ::kill(g_live_daemon, SIGTERM);
  int status = 0;
  ::waitpid(g_live_daemon, &status, 0);
  g_live_daemon = -1;
}

Json checked(Result<Json> answer, const std::string& what) {
  if (!answer) die(what + ": " + answer.error().message);
  return std::move(*answer);
}

}  // namespace

std::string drover_bin() {
  const char* bin = std::getenv("DROVER_BIN");
  return bin ? bin : DROVER_BIN;
}

std::filesystem::path make_state_dir(const std::string& name) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / ("drover-" + name + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) die("cannot create a directory in /tmp");
  return pattern;
}

BenchDaemon::BenchDaemon(std::filesystem::path state_dir, const std::string& config)
    : m_dir(std::move(state_dir)), m_client(StatePaths{m_dir}) {
  std::filesystem::create_directories(m_dir);
  std::ofstream(m_dir / "drover.toml") << config;
}

BenchDaemon::~BenchDaemon() {
  stop();
  kill_launcher_for_tests(m_dir);  // it would leave by itself a minute later
  // Every benchmark waits for its jobs to end, so no shim is left behind.
  if (m_keep) {
    std::printf("state dir kept for inspection: %s\n", m_dir.c_str());
  } else {
    std::filesystem::remove_all(m_dir);
  }
}

void BenchDaemon::start() {
  m_pid = spawn({drover_bin(), "daemon", "--state-dir", m_dir.string()},
                (m_dir / "daemon.log").string());
  g_live_daemon = m_pid;
  std::set_terminate([] {
    stop_live_daemon();
    std::abort();
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (m_client.get("/api/queues")) return;
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      die("the daemon exited at start-up; see " + (m_dir / "daemon.log").string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  die("the daemon did not answer within 30 s");
}

void BenchDaemon::stop() {
  if (m_pid <= 0) return;
  stop_live_daemon();
  m_pid = -1;
}

Json BenchDaemon::get(const std::string& target) const {
  return checked(m_client.get(target), "GET " + target);
}

Json BenchDaemon::post(const std::string& target, const Json& body) const {
  return checked(m_client.post(target, body), "POST " + target);
}

double peak_rss_mib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;  // kB
  }
  return NAN;
}

CpuSeconds cpu_seconds(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(file)), {});
  // Fields after "(comm)" start at field 3; utime, stime, cutime, cstime are 14-17.
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::vector<std::string> values(15);
  for (std::string& value : values) fields >> value;
  double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  auto at = [&](int field) {
    return std::atof(values[static_cast<std::size_t>(field - 3)].c_str());
  };
  return {(at(14) + at(15)) / tick, (at(16) + at(17)) / tick};
}

int run_quietly(const std::vector<std::string>& argv) {
  double cpu = 0;
  return run_quietly(argv, cpu);
}

int run_quietly(const std::vector<std::string>& argv, double& cpu) {
  pid_t pid = spawn(argv, "/dev/null");
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  auto seconds = [](const timeval& time) { return time.tv_sec + time.tv_usec / 1e6; };
  cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return NAN;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

void print_figure(const std::string& what, double value, const std::string& unit,
                  const std::string& note) {
  std::printf("%-50s %12.2f %-9s%s%s%s\n", what.c_str(), value, unit.c_str(),
              note.empty() ? "" : "(", note.c_str(), note.empty() ? "" : ")");
  std::fflush(stdout);
}

void die(const std::string& message) {
  std::fprintf(stderr, "bench: %s\n", message.c_str());
  stop_live_daemon();
  std::exit(1);
}

}  // namespace drover::bench
