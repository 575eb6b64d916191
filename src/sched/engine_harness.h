// An Engine on a real SQLite file in a temporary folder, with a manual
// clock, manual timers and a FakeAttemptRunner: tests move time and end
// attempts themselves, so nothing waits on wall-clock time or a process.
// Test-only.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/config.h"
#include "core/config_parser.h"
#include "os/test_dir.h"
#include "sched/engine.h"
#include "sched/fake_attempt_runner.h"
#include "sched/timers.h"
#include "store/sqlite/sqlite_store.h"

namespace drover {

// 2026-03-02 10:30:00 UTC, a Monday.
inline constexpr Millis kEngineEpoch = 1'772'447'400'000;

// The events a job reports, as the shim or a worker's report produces them.
inline JobEvent progress_event(std::int64_t current, std::int64_t total) {
  JobEvent event;
  event.kind = EventKind::progress;
  event.current = current;
  event.total = total;
  return event;
}

inline JobEvent checkpoint_event(Json value) {
  JobEvent event;
  event.kind = EventKind::checkpoint;
  event.value = std::move(value);
  return event;
}

inline JobEvent pause_event(Millis until, std::string reason) {
  JobEvent event;
  event.kind = EventKind::pause;
  event.until = until;
  event.text = std::move(reason);
  return event;
}

class EngineHarness {
 public:
  explicit EngineHarness(const std::string& config_toml, std::uint64_t seed = 42)
      : m_config_toml(config_toml), m_seed(seed) {
    auto store = SqliteStore::open((m_dir.path() / "drover.db").string());
    if (!store) throw std::runtime_error(store.error().message);
    m_store = std::move(*store);
    boot();
  }
  ~EngineHarness() { m_engine->shutdown(); }

  Engine& engine() { return *m_engine; }
  FakeAttemptRunner& runner() { return *m_runner; }
  ManualClock& clock() { return m_clock; }
  ManualTimers& timers() { return m_timers; }
  // The store, for tests that write what another node would.
  Store& store() { return *m_store; }

  // A daemon restart on the same store: the old engine shuts down (its
  // attempts are left to the runner), a new one starts and reconciles.
  void restart(Reconciled answer) {
    m_engine->shutdown();
    settle();  // what the old engine posted runs while it still exists
    m_engine.reset();
    boot(answer);
  }

  // Runs what the event loop and the timers due now have to do, until
  // nothing is left.
  void settle() {
    for (int round = 0; round < 10'000; ++round) {
      m_io.restart();
      std::size_t ran = m_io.poll();
      bool due = m_timers.next() && *m_timers.next() <= m_clock.now();
      if (due) m_timers.advance(0);
      if (ran == 0 && !due) return;
    }
    ADD_FAILURE() << "the engine never settled";
  }

  // Moves the clock by `delta`, settling at each timer on the way (as the
  // daemon's loop would run between two timers).
  void advance(Millis delta) {
    Millis to = m_clock.now() + delta;
    settle();
    while (m_timers.next() && *m_timers.next() <= to) {
      m_timers.advance_to(*m_timers.next());
      settle();
    }
    m_timers.advance_to(to);
    settle();
  }

  // What the runner was asked, once the engine acted on what happened.
  bool running(JobId id) {
    settle();
    return m_runner->running(id);
  }
  const std::vector<LaunchRequest>& launched() {
    settle();
    return m_runner->launched;
  }

  Job submit(SubmitRequest request) {
    return wait_for<Job>([&](Reply<Job> reply) { m_engine->submit(std::move(request), reply); });
  }
  Job submit(const std::string& type, Json params = Json::object()) {
    SubmitRequest request;
    request.type = type;
    request.params = std::move(params);
    return submit(std::move(request));
  }
  Job act(JobId id, JobAction action) {
    return wait_for<Job>([&](Reply<Job> reply) { m_engine->act(id, action, reply); });
  }
  Job job(JobId id) {
    settle();
    auto found = m_engine->get(id);
    if (!found) throw std::runtime_error(found.error().message);
    return *found;
  }

  // Calls `call` with a reply, settles, and returns what was replied.
  template <typename T, typename Call>
  T wait_for(Call call) {
    std::optional<Result<T>> answer;
    call([&answer](Result<T> result) { answer = std::move(result); });
    settle();
    if (!answer) throw std::runtime_error("no reply");
    if (!*answer) throw std::runtime_error(answer->error().message);
    return std::move(**answer);
  }

 private:
  void boot(Reconciled answer = Reconciled::vanished) {
    auto config = parse_config(m_config_toml, "drover.toml");
    if (!config) throw std::runtime_error(config.error().message);
    Engine::Options options;
    options.state_dir = m_dir.path();
    options.node = "test-node";
    options.timers = &m_timers;
    options.random_seed = m_seed;
    options.make_runner = [this, answer](AttemptCallbacks callbacks) {
      auto runner =
          std::make_unique<FakeAttemptRunner>(std::move(callbacks), m_clock, m_dir.path());
      runner->reconcile_answer = answer;
      m_runner = runner.get();
      return runner;
    };
    m_engine =
        std::make_unique<Engine>(m_io, *m_store, std::move(*config), m_clock, std::move(options));
    if (Status started = m_engine->start(); !started) {
      throw std::runtime_error(started.error().message);
    }
    settle();
  }

  TestDir m_dir;
  std::string m_config_toml;
  std::uint64_t m_seed;
  std::unique_ptr<SqliteStore> m_store;
  boost::asio::io_context m_io;
  ManualClock m_clock{kEngineEpoch};
  ManualTimers m_timers{m_clock};
  FakeAttemptRunner* m_runner = nullptr;
  std::unique_ptr<Engine> m_engine;
};

}  // namespace drover
