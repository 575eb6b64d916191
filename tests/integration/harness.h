// Integration test harness: a real daemon in a temporary state dir, driven
// through the real `drover` CLI. Nothing is mocked: processes, signals,
// shims and the SQLite file are the ones users get.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "os/test_dir.h"

namespace drover::testing {

using Json = nlohmann::json;

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  Json json() const;  // stdout parsed as JSON (fails the test when it is not)
};

// Runs a program, returns its exit code and output. Never through a shell.
CliResult run_program(const std::vector<std::string>& argv, std::chrono::seconds timeout);

class Harness {
 public:
  // `config` is written as drover.toml in the state dir (empty: built-in defaults).
  explicit Harness(const std::string& config = kDefaultConfig);
  ~Harness();
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  static constexpr const char* kDefaultConfig =
      "[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 4\n";

  // Starts `drover daemon` in the foreground as a child and waits until it answers.
  void start_daemon();
  // SIGTERM and wait; or SIGKILL (a crash).
  void stop_daemon();
  void kill_daemon();
  pid_t daemon_pid() const { return m_daemon; }
  // Sends `signal` to the daemon started by start_daemon().
  void signal_daemon(int signal) const;
  // Waits until that daemon exits; its exit code (128 + signal when a
  // signal ended it), or -1 (and a test failure) after `timeout`.
  int wait_for_daemon_exit(std::chrono::seconds timeout = std::chrono::seconds(20));
  // What the daemon wrote to <state>/daemon.log.
  std::string daemon_log() const;
  // Polls daemon.log until it contains `text`; false after `timeout` or once
  // the daemon has exited without writing it.
  bool wait_for_daemon_log(const std::string& text,
                           std::chrono::seconds timeout = std::chrono::seconds(20));

  // `drover --state-dir D ARGS...`
  CliResult cli(std::vector<std::string> args,
                std::chrono::seconds timeout = std::chrono::seconds(30));
  // The job id printed by `drover run -- ARGV` or `drover submit ARGS...`.
  long long run(std::vector<std::string> argv);
  long long submit(std::vector<std::string> args);
  Json show(long long id);
  // Polls `show` until the job's state is one of `states`; fails the test on timeout.
  Json wait_for_state(long long id, const std::set<std::string>& states,
                      std::chrono::seconds timeout = std::chrono::seconds(30));
  // Polls `show` until `reached` holds for the job (a phase started, an item seen).
  Json wait_for_job(long long id, const std::function<bool(const Json&)>& reached,
                    std::chrono::seconds timeout = std::chrono::seconds(30));

  // A command that runs until `release(gate)`: a blocker whose end the test
  // chooses, instead of one that sleeps and may end before it is looked at.
  std::vector<std::string> held_command(const std::string& gate) const;
  void release(const std::string& gate) const;

  const std::filesystem::path& state_dir() const { return m_dir; }
  std::filesystem::path attempt_dir(long long id, int attempt) const;
  // The shim's pid from the attempt's claim (attempt.record), -1 before it exists.
  pid_t shim_pid(long long id, int attempt) const;
  // The job's pid from the claim, waiting (generous deadline) until the shim
  // has recorded it; fails the test and returns -1 when it never does.
  pid_t wait_for_job_pid(long long id, int attempt,
                         std::chrono::seconds timeout = std::chrono::seconds(30)) const;
  // examples/drover.toml as scripts/run installs it, without the TCP listener.
  static std::string example_config();
  static std::string drover_bin();
  static std::string examples_dir();

 private:
  TestDir m_temp;
  std::filesystem::path m_dir;  // the state dir: m_temp's path
  pid_t m_daemon = -1;
};

// True while `pid` runs; a zombie (ended, not yet reaped) is not alive.
bool process_alive(pid_t pid);

// Polls `reached` (every few milliseconds) until it holds; false after
// `timeout`. The one wait for a state that has no event to wait on.
bool wait_until(const std::function<bool()>& reached,
                std::chrono::milliseconds timeout = std::chrono::seconds(30),
                std::chrono::milliseconds poll = std::chrono::milliseconds(20));

// Polls until `path` exists; false (and a test failure) on timeout.
bool wait_for_file(const std::filesystem::path& path,
                   std::chrono::seconds timeout = std::chrono::seconds(30));

}  // namespace drover::testing
