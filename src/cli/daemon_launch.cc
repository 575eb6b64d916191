#include "cli/daemon_launch.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <thread>
#include <vector>

extern char** environ;

namespace drover::cli {
namespace {

// The actions a detached daemon's process starts with: new session, default
// signal handling and mask, stdin /dev/null, output appended to the log.
class SpawnSetup {
 public:
  explicit SpawnSetup(const std::filesystem::path& log_file) {
    ::posix_spawn_file_actions_init(&m_actions);
    ::posix_spawnattr_init(&m_attributes);
    ::posix_spawn_file_actions_addopen(&m_actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_addopen(&m_actions, STDOUT_FILENO, log_file.c_str(),
                                       O_WRONLY | O_CREAT | O_APPEND, 0600);
    ::posix_spawn_file_actions_adddup2(&m_actions, STDOUT_FILENO, STDERR_FILENO);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    ::posix_spawnattr_setsigmask(&m_attributes, &none);
    ::posix_spawnattr_setsigdefault(&m_attributes, &all);
    ::posix_spawnattr_setflags(&m_attributes,
                               POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  ~SpawnSetup() {
    ::posix_spawn_file_actions_destroy(&m_actions);
    ::posix_spawnattr_destroy(&m_attributes);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  const posix_spawn_file_actions_t* actions() const { return &m_actions; }
  const posix_spawnattr_t* attributes() const { return &m_attributes; }

 private:
  posix_spawn_file_actions_t m_actions{};
  posix_spawnattr_t m_attributes{};
};

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A pid file can outlive its daemon and its pid be reused: check what runs there.
bool is_drover_daemon(pid_t pid) {
  std::string cmdline = read_text("/proc/" + std::to_string(pid) + "/cmdline");
  return cmdline.find("drover") != std::string::npos && cmdline.find("daemon") != std::string::npos;
}

}  // namespace

Result<pid_t> spawn_daemon(const StatePaths& paths, const std::optional<std::string>& config_file) {
  std::error_code ec;
  std::filesystem::create_directories(paths.dir, ec);
  if (ec) {
    return make_error(ErrorCode::io, "cannot create state dir {}: {}", paths.dir.string(),
                      ec.message());
  }
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return make_error(ErrorCode::io, "cannot find the drover executable: {}", ec.message());
  std::vector<std::string> args{self.string(), "daemon", "--state-dir", paths.dir.string()};
  if (config_file) {
    args.push_back("--config");
    args.push_back(std::filesystem::absolute(*config_file).string());
  }
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  SpawnSetup setup(paths.log_file());
  pid_t pid = 0;
  int error =
      ::posix_spawn(&pid, argv[0], setup.actions(), setup.attributes(), argv.data(), environ);
  if (error != 0) {
    return make_error(ErrorCode::io, "cannot start {}: {}", self.string(), std::strerror(error));
  }
  return pid;
}

bool child_has_exited(pid_t pid) {
  int status = 0;
  return ::waitpid(pid, &status, WNOHANG) == pid;
}

bool process_exists(pid_t pid) { return ::kill(pid, 0) == 0 || errno == EPERM; }

std::optional<pid_t> pid_from_file(const StatePaths& paths) {
  pid_t pid = 0;
  if (!(std::ifstream(paths.pid_file()) >> pid) || pid <= 0) return std::nullopt;
  if (!process_exists(pid) || !is_drover_daemon(pid)) return std::nullopt;
  return pid;
}

Status signal_daemon(pid_t pid, int signal) {
  if (::kill(pid, signal) != 0 && errno != ESRCH) {
    return make_error(ErrorCode::io, "cannot signal the daemon (pid {}): {}", pid,
                      std::strerror(errno));
  }
  return {};
}

Status terminate_and_wait(pid_t pid, std::chrono::milliseconds patience) {
  if (auto sent = signal_daemon(pid, SIGTERM); !sent) return sent;
  auto deadline = std::chrono::steady_clock::now() + patience;
  while (process_exists(pid)) {
    if (std::chrono::steady_clock::now() > deadline) {
      return make_error(ErrorCode::unavailable,
                        "the daemon (pid {}) is still running {} s after SIGTERM; see its log, "
                        "or stop it with `kill -KILL {}` (jobs keep running under their shims)",
                        pid, patience.count() / 1000, pid);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return {};
}

std::string file_tail(const std::filesystem::path& file, std::uintmax_t offset, int lines) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  std::deque<std::string> last;
  for (std::string line; std::getline(in, line);) {
    last.push_back(std::move(line));
    if (static_cast<int>(last.size()) > lines) last.pop_front();
  }
  std::string text;
  for (const std::string& line : last) text += line + "\n";
  return text;
}

}  // namespace drover::cli
