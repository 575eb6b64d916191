// What the end-to-end benchmarks share: a real `drover daemon` started as a
// child in a temporary state dir, figures read from /proc/<pid>, a wall
// clock, percentiles, and one way to print a figure (one line, with units).
// Not thread-safe; one BenchDaemon per state dir.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/daemon_client.h"

namespace drover::bench {

// The `drover` binary built beside this benchmark ($DROVER_BIN overrides).
std::string drover_bin();

// A fresh directory under /tmp, for a state dir.
std::filesystem::path make_state_dir(const std::string& name);

class BenchDaemon {
 public:
  // Writes `config` as drover.toml into `state_dir` (created when missing).
  BenchDaemon(std::filesystem::path state_dir, const std::string& config);
  // Stops the daemon and removes the state dir, unless keep() was called.
  ~BenchDaemon();
  BenchDaemon(const BenchDaemon&) = delete;
  BenchDaemon& operator=(const BenchDaemon&) = delete;

  // Starts `drover daemon --state-dir D` (log in D/daemon.log) and waits until
  // it answers on its socket; exits the benchmark when it does not.
  void start();
  void stop();  // SIGTERM and wait
  // Leaves the state dir in place for inspection (something went wrong).
  void keep() { m_keep = true; }

  pid_t pid() const { return m_pid; }
  const std::filesystem::path& state_dir() const { return m_dir; }
  const cli::DaemonClient& client() const { return m_client; }

  // The answer's JSON; exits the benchmark with the error when the call fails.
  Json get(const std::string& target) const;
  Json post(const std::string& target, const Json& body) const;

 private:
  std::filesystem::path m_dir;
  cli::DaemonClient m_client;
  pid_t m_pid = -1;
  bool m_keep = false;
};

// Peak resident set size (VmHWM) of a live process, in MiB.
double peak_rss_mib(pid_t pid);

// CPU time of a process: its own, and that of the children it has reaped.
struct CpuSeconds {
  double self = 0;
  double children = 0;
};
CpuSeconds cpu_seconds(pid_t pid);

// Runs a program with stdin/stdout/stderr on /dev/null; returns its exit code.
int run_quietly(const std::vector<std::string>& argv);
// The same, and the CPU time (user + sys, in seconds) the run used.
int run_quietly(const std::vector<std::string>& argv, double& cpu);

double seconds_since(std::chrono::steady_clock::time_point start);
// Nearest-rank percentile (0..100) of `values` (sorted in place).
double percentile(std::vector<double>& values, double p);

// "<what padded>  <value> <unit>  (<note>)": one figure per line.
void print_figure(const std::string& what, double value, const std::string& unit,
                  const std::string& note = "");

// Prints the message to stderr and exits with status 1.
[[noreturn]] void die(const std::string& message);

}  // namespace drover::bench
