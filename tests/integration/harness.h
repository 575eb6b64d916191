// Integration test harness: a real daemon in a temporary state dir, driven
// through the real `drover` CLI. Nothing is mocked: processes, signals,
// shims and the SQLite file are the ones users get.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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

  const std::filesystem::path& state_dir() const { return m_dir; }
  std::filesystem::path attempt_dir(long long id, int attempt) const;
  // The shim's pid from the attempt's claim (shim.json), -1 before it exists.
  pid_t shim_pid(long long id, int attempt) const;
  // examples/drover.toml as scripts/run installs it, without the TCP listener.
  static std::string example_config();
  static std::string drover_bin();
  static std::string examples_dir();

 private:
  std::filesystem::path m_dir;
  pid_t m_daemon = -1;
};

bool process_alive(pid_t pid);

}  // namespace drover::testing
