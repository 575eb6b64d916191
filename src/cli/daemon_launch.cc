#include "cli/daemon_launch.h"

#include <fcntl.h>
#include <signal.h>

#include <deque>
#include <fstream>
#include <thread>
#include <vector>

#include "os/fd.h"
#include "os/process.h"
#include "os/process_probe.h"
#include "os/self_executable.h"

namespace drover::cli {
namespace {

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
  DROVER_TRY(self, self_executable());
  DROVER_TRY(log, open_file(paths.log_file(), O_WRONLY | O_CREAT | O_APPEND, 0600));
  // A session of its own: closing the terminal does not reach the daemon.
  SpawnOptions options;
  options.argv = {self->string(), "daemon", "--state-dir", paths.dir.string()};
  if (config_file) {
    options.argv.push_back("--config");
    options.argv.push_back(std::filesystem::absolute(*config_file).string());
  }
  options.stdout_fd = log->get();
  options.stderr_fd = log->get();
  options.new_session = true;
  return spawn_process(options);
}

std::optional<pid_t> pid_from_file(const StatePaths& paths) {
  pid_t pid = 0;
  if (!(std::ifstream(paths.pid_file()) >> pid) || pid <= 0) return std::nullopt;
  if (!process_exists(pid) || !is_drover_daemon(pid)) return std::nullopt;
  return pid;
}

Status signal_daemon(pid_t pid, int signal) {
  Status sent = signal_process(pid, signal);
  if (!sent) return make_error(ErrorCode::io, "cannot signal the daemon: {}", sent.error().message);
  return {};
}

Status terminate_and_wait(pid_t pid, std::chrono::milliseconds patience) {
  DROVER_RETURN_IF_ERROR(signal_daemon(pid, SIGTERM));
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
