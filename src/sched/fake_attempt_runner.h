// A runner for engine tests, as ninja's fake command runner is for its
// builder: nothing runs; an attempt starts, reports and ends when the test
// says so, through the same callbacks the real Launcher uses. Test-only.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "exec/attempt_runner.h"

namespace drover {

class FakeAttemptRunner final : public AttemptRunner {
 public:
  FakeAttemptRunner(AttemptCallbacks callbacks, const Clock& clock, std::filesystem::path dir)
      : m_callbacks(std::move(callbacks)), m_clock(clock), m_dir(std::move(dir)) {}

  // --- what the engine calls
  Result<AttemptProcess> launch(const LaunchRequest& request) override {
    if (auto error = std::exchange(fail_next_launch, std::nullopt)) {
      return make_error(ErrorCode::internal, "{}", *error);
    }
    launched.push_back(request);
    m_running[request.job_id] = AttemptRef{request.job_id, request.attempt, request.token, 0};
    return AttemptProcess{0, shim_pid(request.job_id), 1, "boot"};
  }

  // Answers with `reconcile_answer`; exited and vanished deliver the exit
  // before returning, as the Launcher does.
  Result<Reconciled> reconcile(const AttemptRef& ref, AttemptProcess* process) override {
    reconciled.push_back(ref);
    switch (reconcile_answer) {
      case Reconciled::adopted:
        m_running[ref.job_id] = ref;
        *process = AttemptProcess{job_pid(ref.job_id), shim_pid(ref.job_id), 1, "boot"};
        break;
      case Reconciled::exited:
        m_callbacks.on_exit(ref, ended(0));
        break;
      case Reconciled::vanished:
        m_callbacks.on_exit(ref, vanished_exit());
        break;
      case Reconciled::stopping:
      case Reconciled::never_started:
        break;
    }
    return reconcile_answer;
  }

  Status stop(JobId job_id, int attempt, StopMode mode) override {
    stops.push_back({job_id, attempt, mode});
    return {};
  }

  void detach_all() override { m_running.clear(); }
  const Containment& containment() const override { return m_containment; }
  // The Launcher's layout: jobs/<id>/<n>, jobs/<id>/work, jobs/<id>/artifacts.
  std::filesystem::path attempt_dir(JobId id, int n) const override {
    return job_root(id) / std::to_string(n);
  }
  std::filesystem::path job_dir(JobId id) const override { return job_root(id) / "work"; }
  std::filesystem::path artifacts_dir(JobId id) const override {
    return job_root(id) / "artifacts";
  }

  // --- what the test does with a launched attempt
  bool running(JobId id) const { return m_running.contains(id); }
  int attempt_of(JobId id) const { return m_running.at(id).attempt; }
  void start(JobId id) {
    m_callbacks.on_started(m_running.at(id), AttemptProcess{job_pid(id), shim_pid(id), 1, "boot"});
  }
  void report(JobId id, JobEvent event) {
    AttemptRef& ref = m_running.at(id);
    event.seq = ++ref.last_seq;
    event.at = m_clock.now();
    m_callbacks.on_events(ref, {event});
  }
  void exit(JobId id, int code) { end(id, ended(code)); }
  void kill(JobId id, int signal) {
    AttemptExit exit = ended(0);
    exit.exit_code.reset();
    exit.signal = signal;
    end(id, exit);
  }
  void vanish(JobId id) { end(id, vanished_exit()); }
  void fail_to_start(JobId id, std::string why) {
    AttemptExit exit = ended(127);
    exit.start_error = std::move(why);
    end(id, exit);
  }

  struct Stop {
    JobId job_id;
    int attempt;
    StopMode mode;
  };
  std::vector<LaunchRequest> launched;
  std::vector<AttemptRef> reconciled;
  std::vector<Stop> stops;
  std::optional<std::string> fail_next_launch;  // the next launch() returns this error
  Reconciled reconcile_answer = Reconciled::vanished;

 private:
  std::filesystem::path job_root(JobId id) const { return m_dir / "jobs" / std::to_string(id); }
  static int shim_pid(JobId id) { return static_cast<int>(100'000 + id); }
  static int job_pid(JobId id) { return static_cast<int>(200'000 + id); }
  AttemptExit ended(int code) const {
    AttemptExit exit;
    exit.exit_code = code;
    exit.ended_at = m_clock.now();
    return exit;
  }
  AttemptExit vanished_exit() const {
    AttemptExit exit;
    exit.vanished = true;
    exit.ended_at = m_clock.now();
    return exit;
  }
  void end(JobId id, const AttemptExit& exit) {
    AttemptRef ref = m_running.at(id);
    m_running.erase(id);
    m_callbacks.on_exit(ref, exit);
  }

  AttemptCallbacks m_callbacks;
  const Clock& m_clock;
  std::filesystem::path m_dir;
  Containment m_containment;
  std::map<JobId, AttemptRef> m_running;
};

}  // namespace drover
