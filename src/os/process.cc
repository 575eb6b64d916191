#include "os/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "os/signals.h"
#include "os/system_error.h"

extern char** environ;

namespace drover {
namespace {

// posix_spawn wants char* const[]; the strings outlive the call.
std::vector<char*> c_string_array(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const std::string& text : strings) pointers.push_back(const_cast<char*>(text.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

class SpawnFileActions {
 public:
  SpawnFileActions() { posix_spawn_file_actions_init(&m_actions); }
  ~SpawnFileActions() { posix_spawn_file_actions_destroy(&m_actions); }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;

  // Puts `fd` (or /dev/null when it is -1) on `target`.
  int redirect(int target, int fd, int null_flags) {
    if (fd < 0)
      return posix_spawn_file_actions_addopen(&m_actions, target, "/dev/null", null_flags, 0);
    return posix_spawn_file_actions_adddup2(&m_actions, fd, target);
  }
  posix_spawn_file_actions_t* get() { return &m_actions; }

 private:
  posix_spawn_file_actions_t m_actions;
};

class SpawnAttributes {
 public:
  SpawnAttributes() { posix_spawnattr_init(&m_attributes); }
  ~SpawnAttributes() { posix_spawnattr_destroy(&m_attributes); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  posix_spawnattr_t* get() { return &m_attributes; }

 private:
  posix_spawnattr_t m_attributes;
};

int prepare_file_actions(const SpawnOptions& options, SpawnFileActions& actions) {
  // stdout and stderr first: opening /dev/null on 0 must not clobber a
  // descriptor that is about to be duplicated.
  int failed = actions.redirect(STDOUT_FILENO, options.stdout_fd, O_WRONLY);
  if (!failed) failed = actions.redirect(STDERR_FILENO, options.stderr_fd, O_WRONLY);
  if (!failed) failed = actions.redirect(STDIN_FILENO, options.stdin_fd, O_RDONLY);
  if (!failed && !options.cwd.empty()) {
    failed = posix_spawn_file_actions_addchdir_np(actions.get(), options.cwd.c_str());
  }
  // Belt and braces: our descriptors are O_CLOEXEC, but a library's may not be.
  if (!failed) failed = posix_spawn_file_actions_addclosefrom_np(actions.get(), 3);
  return failed;
}

int prepare_attributes(const SpawnOptions& options, SpawnAttributes& attributes) {
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  // setpgid after setsid would fail with EPERM; setsid already makes a group.
  if (options.new_session) {
    flags |= POSIX_SPAWN_SETSID;
  } else if (options.new_process_group) {
    flags |= POSIX_SPAWN_SETPGROUP;
  }
  sigset_t empty, all;
  sigemptyset(&empty);
  sigfillset(&all);
  int failed = posix_spawnattr_setflags(attributes.get(), flags);
  if (!failed) failed = posix_spawnattr_setsigmask(attributes.get(), &empty);
  if (!failed) failed = posix_spawnattr_setsigdefault(attributes.get(), &all);
  if (!failed) failed = posix_spawnattr_setpgroup(attributes.get(), 0);
  return failed;
}

}  // namespace

Result<int> spawn_process(const SpawnOptions& options) {
  if (options.argv.empty() || options.argv.front().empty()) {
    return make_error(ErrorCode::invalid, "cannot start a process: the command is empty");
  }
  SpawnFileActions actions;
  SpawnAttributes attributes;
  int failed = prepare_file_actions(options, actions);
  if (!failed) failed = prepare_attributes(options, attributes);
  if (failed) return system_error("cannot prepare to start a process", failed);

  std::vector<char*> argv = c_string_array(options.argv);
  std::vector<char*> env_storage;
  char** envp = environ;
  if (options.env) {
    env_storage = c_string_array(*options.env);
    envp = env_storage.data();
  }
  pid_t pid = 0;
  failed = ::posix_spawnp(&pid, argv[0], actions.get(), attributes.get(), argv.data(), envp);
  if (failed) {
    std::string where = options.cwd.empty() ? "" : fmt::format(" in {}", options.cwd.string());
    return system_error(fmt::format("cannot start `{}`{}", options.argv.front(), where), failed);
  }
  return static_cast<int>(pid);
}

std::string ExitStatus::describe() const {
  if (signal) return fmt::format("killed by {}", signal_name(*signal));
  if (exit_code) return fmt::format("exit code {}", *exit_code);
  return "unknown exit";
}

ExitStatus decode_wait_status(int status) {
  ExitStatus exit;
  if (WIFEXITED(status)) exit.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
  return exit;
}

std::optional<ExitStatus> peek_exit(int pid) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
      info.si_pid != pid) {
    return std::nullopt;
  }
  ExitStatus exit;
  if (info.si_code == CLD_EXITED) {
    exit.exit_code = info.si_status;
  } else {
    exit.signal = info.si_status;  // CLD_KILLED, CLD_DUMPED
  }
  return exit;
}

Result<ExitStatus> wait_for_exit(int pid) {
  int status = 0;
  for (;;) {
    if (::waitpid(pid, &status, 0) == pid) return decode_wait_status(status);
    if (errno != EINTR) return system_error(fmt::format("cannot wait for process {}", pid), errno);
  }
}

}  // namespace drover
