#include "harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "os/fd.h"
#include "os/process.h"
#include "protocol/attempt_record.h"

namespace drover::testing {
namespace {

void drain(int fd, std::string& into) {
  char buffer[65536];
  ssize_t n = ::read(fd, buffer, sizeof(buffer));
  if (n > 0) into.append(buffer, static_cast<std::size_t>(n));
}

}  // namespace

Json CliResult::json() const {
  Json parsed = Json::parse(out, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << "not JSON: " << out << "\nstderr: " << err;
  return parsed;
}

CliResult run_program(const std::vector<std::string>& argv, std::chrono::seconds timeout) {
  int out_pipe[2], err_pipe[2];
  EXPECT_EQ(::pipe2(out_pipe, O_CLOEXEC), 0);
  EXPECT_EQ(::pipe2(err_pipe, O_CLOEXEC), 0);
  SpawnOptions options;
  options.argv = argv;
  options.stdout_fd = out_pipe[1];
  options.stderr_fd = err_pipe[1];
  Result<int> spawned = spawn_process(options);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  CliResult result;
  if (!spawned) {
    ADD_FAILURE() << spawned.error().message;
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    return result;
  }
  pid_t pid = *spawned;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0 && std::chrono::steady_clock::now() < deadline) {
    if (::poll(fds, 2, 100) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP))) continue;
      std::string& into = i == 0 ? result.out : result.err;
      std::size_t before = into.size();
      drain(fds[i].fd, into);
      if (into.size() == before) {
        fds[i].fd = -1;
        open_fds--;
      }
    }
  }
  if (open_fds > 0) {
    ADD_FAILURE() << argv[0] << " " << (argv.size() > 1 ? argv[1] : "") << " timed out";
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

bool process_alive(pid_t pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return false;
  // Orphans are reaped by whatever runs as pid 1, possibly late or never.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::size_t name_end = text.rfind(')');
  if (name_end == std::string::npos || name_end + 2 >= text.size()) return false;
  char state = text[name_end + 2];
  return state != 'Z' && state != 'X';
}

bool wait_until(const std::function<bool()>& reached, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll) {
  for (auto deadline = std::chrono::steady_clock::now() + timeout;;) {
    if (reached()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(poll);
  }
}

bool wait_for_file(const std::filesystem::path& path, std::chrono::seconds timeout) {
  if (wait_until([&] { return std::filesystem::exists(path); }, timeout)) return true;
  ADD_FAILURE() << path << " did not appear";
  return false;
}

std::string Harness::drover_bin() {
  const char* bin = std::getenv("DROVER_BIN");
  return bin ? bin : DROVER_BIN_PATH;
}

std::string Harness::examples_dir() { return DROVER_EXAMPLES_DIR; }

Harness::Harness(const std::string& config) : m_dir(m_temp.path()) {
  if (!config.empty()) std::ofstream(m_dir / "drover.toml") << config;
}

Harness::~Harness() {
  if (m_daemon > 0) stop_daemon();
  // Hard-stop every shim of this state dir (their argv names it: the
  // attempt folder, or the state dir of the launcher they were forked
  // from), then its job; the launcher goes with them.
  std::string shims = m_dir.string() + "(/jobs|$)";
  run_program({"/usr/bin/pkill", "-USR1", "-f", shims}, std::chrono::seconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  run_program({"/usr/bin/pkill", "-KILL", "-f", shims}, std::chrono::seconds(5));
  if (::testing::Test::HasFailure()) m_temp.keep();  // its logs tell what went wrong
}

void Harness::start_daemon() {
  std::string log = (m_dir / "daemon.log").string();
  auto log_file = open_file(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
  ASSERT_TRUE(log_file.ok()) << log_file.error().message;
  SpawnOptions options;
  options.argv = {drover_bin(), "daemon", "--state-dir", m_dir.string()};
  options.stdout_fd = log_file->get();
  options.stderr_fd = log_file->get();
  Result<int> spawned = spawn_process(options);
  ASSERT_TRUE(spawned.ok()) << spawned.error().message;
  m_daemon = *spawned;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cli({"queues"}).exit_code == 0) return;
    int status = 0;
    if (::waitpid(m_daemon, &status, WNOHANG) == m_daemon) {
      m_daemon = -1;
      std::ifstream file(log);
      std::string text((std::istreambuf_iterator<char>(file)), {});
      FAIL() << "daemon exited at start-up:\n" << text;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL() << "daemon did not answer within 20 s";
}

void Harness::stop_daemon() {
  if (m_daemon <= 0) return;
  ::kill(m_daemon, SIGTERM);
  int status = 0;
  ::waitpid(m_daemon, &status, 0);
  m_daemon = -1;
}

void Harness::kill_daemon() {
  if (m_daemon <= 0) return;
  ::kill(m_daemon, SIGKILL);
  int status = 0;
  ::waitpid(m_daemon, &status, 0);
  m_daemon = -1;
}

void Harness::signal_daemon(int signal) const {
  ASSERT_GT(m_daemon, 0) << "no daemon started";
  ::kill(m_daemon, signal);
}

int Harness::wait_for_daemon_exit(std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (m_daemon > 0 && std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(m_daemon, &status, WNOHANG) == m_daemon) {
      m_daemon = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "the daemon did not exit within " << timeout.count() << " s";
  return -1;
}

std::string Harness::daemon_log() const {
  std::ifstream file(m_dir / "daemon.log");
  return std::string((std::istreambuf_iterator<char>(file)), {});
}

bool Harness::wait_for_daemon_log(const std::string& text, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (daemon_log().find(text) != std::string::npos) return true;
    int status = 0;
    if (m_daemon > 0 && ::waitpid(m_daemon, &status, WNOHANG) == m_daemon) {
      m_daemon = -1;
      return daemon_log().find(text) != std::string::npos;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

CliResult Harness::cli(std::vector<std::string> args, std::chrono::seconds timeout) {
  std::vector<std::string> argv{drover_bin(), "--state-dir", m_dir.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, timeout);
}

long long Harness::run(std::vector<std::string> argv) {
  std::vector<std::string> args{"run", "--"};
  args.insert(args.end(), argv.begin(), argv.end());
  CliResult result = cli(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return std::atoll(result.out.c_str());
}

long long Harness::submit(std::vector<std::string> args) {
  args.insert(args.begin(), "submit");
  CliResult result = cli(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return std::atoll(result.out.c_str());
}

pid_t Harness::shim_pid(long long id, int attempt) const {
  auto record = read_file(attempt_dir(id, attempt) / kRecordFile);
  auto claim = record ? parse_record_claim(*record) : Result<ShimClaim>(record.error());
  return claim && !claim->abandoned ? claim->shim_pid : -1;
}

pid_t Harness::wait_for_job_pid(long long id, int attempt, std::chrono::seconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto record = read_file(attempt_dir(id, attempt) / kRecordFile);
    auto claim = record ? parse_record_claim(*record) : Result<ShimClaim>(record.error());
    if (claim && claim->job_pid.value_or(0) > 0) return *claim->job_pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "job " << id << " attempt " << attempt << " never recorded its pid";
  return -1;
}

std::string Harness::example_config() {
  std::string examples = examples_dir();
  std::ifstream file(examples + "/drover.toml");
  std::stringstream text;
  text << file.rdbuf();
  std::string config = text.str();
  for (std::size_t at; (at = config.find("@EXAMPLES@")) != std::string::npos;) {
    config.replace(at, 10, examples);
  }
  std::size_t listen = config.find("listen = \"127.0.0.1:7878\"");
  if (listen != std::string::npos) config.replace(listen, 25, "listen = \"off\"");
  return config;
}

Json Harness::show(long long id) {
  CliResult result = cli({"show", std::to_string(id), "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.json();
}

Json Harness::wait_for_state(long long id, const std::set<std::string>& states,
                             std::chrono::seconds timeout) {
  return wait_for_job(
      id, [&](const Json& job) { return states.count(job.value("state", "")) > 0; }, timeout);
}

Json Harness::wait_for_job(long long id, const std::function<bool(const Json&)>& reached,
                           std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  Json job;
  while (std::chrono::steady_clock::now() < deadline) {
    job = show(id);
    if (job.is_object() && reached(job)) return job;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ADD_FAILURE() << "job " << id << " did not reach the expected state; last: " << job.dump(2);
  return job;
}

std::vector<std::string> Harness::held_command(const std::string& gate) const {
  std::filesystem::path file = m_dir / ("held-" + gate);
  std::ofstream(file) << "held\n";
  return {"sh", "-c", "while [ -e \"$0\" ]; do sleep 0.05; done", file.string()};
}

void Harness::release(const std::string& gate) const {
  std::filesystem::remove(m_dir / ("held-" + gate));
}

std::filesystem::path Harness::attempt_dir(long long id, int attempt) const {
  return m_dir / "jobs" / std::to_string(id) / std::to_string(attempt);
}

}  // namespace drover::testing
