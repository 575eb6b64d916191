#include "os/signals.h"

#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>

#include "os/system_error.h"

namespace drover {
namespace {

struct NamedSignal {
  int number;
  std::string_view name;  // without the SIG prefix
};

constexpr std::array<NamedSignal, 30> kSignals{{
    {SIGHUP, "HUP"},   {SIGINT, "INT"},       {SIGQUIT, "QUIT"}, {SIGILL, "ILL"},
    {SIGTRAP, "TRAP"}, {SIGABRT, "ABRT"},     {SIGBUS, "BUS"},   {SIGFPE, "FPE"},
    {SIGKILL, "KILL"}, {SIGUSR1, "USR1"},     {SIGSEGV, "SEGV"}, {SIGUSR2, "USR2"},
    {SIGPIPE, "PIPE"}, {SIGALRM, "ALRM"},     {SIGTERM, "TERM"}, {SIGSTKFLT, "STKFLT"},
    {SIGCHLD, "CHLD"}, {SIGCONT, "CONT"},     {SIGSTOP, "STOP"}, {SIGTSTP, "TSTP"},
    {SIGTTIN, "TTIN"}, {SIGTTOU, "TTOU"},     {SIGURG, "URG"},   {SIGXCPU, "XCPU"},
    {SIGXFSZ, "XFSZ"}, {SIGVTALRM, "VTALRM"}, {SIGPROF, "PROF"}, {SIGWINCH, "WINCH"},
    {SIGIO, "IO"},     {SIGSYS, "SYS"},
}};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

sigset_t signal_set_of(std::initializer_list<int> signals) {
  sigset_t set;
  sigemptyset(&set);
  for (int signal : signals) sigaddset(&set, signal);
  return set;
}

}  // namespace

std::string signal_name(int signal) {
  for (const NamedSignal& named : kSignals) {
    if (named.number == signal) return "SIG" + std::string(named.name);
  }
  if (const char* name = ::sigabbrev_np(signal)) return fmt::format("SIG{}", name);
  return fmt::format("signal {}", signal);
}

std::optional<int> parse_signal(std::string_view text) {
  int number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (!text.empty() && error == std::errc() && end == text.data() + text.size()) {
    if (number > 0 && number < NSIG) return number;
    return std::nullopt;
  }
  if (text.size() > 3 && equal_ignoring_case(text.substr(0, 3), "SIG")) text.remove_prefix(3);
  for (const NamedSignal& named : kSignals) {
    if (equal_ignoring_case(named.name, text)) return named.number;
  }
  return std::nullopt;
}

Status ignore_signals(std::initializer_list<int> signals) {
  struct sigaction action {};
  action.sa_handler = SIG_IGN;
  sigemptyset(&action.sa_mask);
  for (int signal : signals) {
    if (::sigaction(signal, &action, nullptr) != 0) {
      return system_error(fmt::format("cannot ignore {}", signal_name(signal)), errno);
    }
  }
  return {};
}

Result<UniqueFd> block_signals_into_fd(std::initializer_list<int> signals) {
  sigset_t set = signal_set_of(signals);
  if (::sigprocmask(SIG_BLOCK, &set, nullptr) != 0) {
    return system_error("cannot block signals", errno);
  }
  int fd = ::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0) return system_error("cannot create a signalfd", errno);
  return UniqueFd(fd);
}

std::optional<int> read_pending_signal(int signal_fd) {
  signalfd_siginfo info{};
  for (;;) {
    ssize_t got = ::read(signal_fd, &info, sizeof info);
    if (got == static_cast<ssize_t>(sizeof info)) return static_cast<int>(info.ssi_signo);
    if (got < 0 && errno == EINTR) continue;
    return std::nullopt;
  }
}

Status signal_process_group(int group, int signal) {
  if (group <= 1) {
    return make_error(ErrorCode::internal, "refusing to signal process group {}", group);
  }
  if (::kill(-group, signal) != 0 && errno != ESRCH) {
    return system_error(
        fmt::format("cannot send {} to process group {}", signal_name(signal), group), errno);
  }
  return {};
}

}  // namespace drover
