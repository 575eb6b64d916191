// WorkerPool: runs the attempts of worker types (runner = "worker") through
// workers, the user's own long-lived processes that fetch jobs over the API
// (DESIGN.md, Worker jobs). It plays, for those attempts, the part the
// Launcher plays for command jobs: the engine offers an attempt, a worker
// fetches it, its reports become the same JobEvents and AttemptExit a shim's
// files would, through the engine's AttemptCallbacks.
//
// Promises:
// - An attempt is handed to one worker at most; from then on only reports
//   naming its job and token are accepted, anything else is refused
//   (conflict), so a late report of a lost attempt never touches a newer one.
// - Every accepted report renews the attempt's lease. A lease that runs out
//   ends the attempt with `lease_expired` (lost), on the engine's Timers, so
//   tests move time instead of waiting.
// - A stop asked of an attempt still on offer ends it at once; of a held
//   one, the next answer to its worker says stop, and after the type's
//   grace from then (or when its lease runs out) it ends whatever the worker
//   does. A hard stop ends it at once. Ends are delivered from the event
//   loop, never inside the call that caused them.
// - Fetches wait (long-poll) up to their deadline for an offer of one of
//   their types; offers go to waiting fetches first come, first served.
//
// Thread-safety: everything runs on the io_context's thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "core/clock.h"
#include "core/job.h"
#include "core/result.h"
#include "exec/attempt_runner.h"
#include "sched/timers.h"

namespace drover {

// An attempt as a worker gets it.
struct WorkOffer {
  JobId job_id = 0;
  int attempt = 0;
  std::string token;
  std::string type;
  Json params = Json::object();
  std::optional<Json> checkpoint;  // the last one saved; the attempt resumes from it
  Millis lease = 30'000;
  Millis grace = 10'000;  // after a stop is told, before the attempt is ended anyway
};

struct WorkerIdentity {
  std::string id;  // chosen by the worker; "host:pid" when it gives none
  std::string host;
  int pid = 0;
};

struct FetchRequest {
  WorkerIdentity worker;
  std::vector<std::string> types;  // worker types, checked by the engine
  int max = 1;                     // how many attempts at most
  Millis wait = 0;                 // how long to wait for the first
};

// One attempt handed to a worker.
struct Assignment {
  WorkOffer offer;
  Millis lease_until = 0;
};

enum class WorkerEnd { none, completed, failed };

// What a worker says about one attempt it holds.
struct WorkerReport {
  JobId job_id = 0;
  std::string token;
  std::vector<JobEvent> events;  // seq is numbered by the pool
  WorkerEnd end = WorkerEnd::none;
  std::string error;  // failed: why
};

// The answer to an accepted report.
struct ReportAnswer {
  JobId job_id = 0;
  bool stop = false;  // the job was cancelled (or paused, or timed out): stop it
  Millis lease_until = 0;
  bool ended = false;       // the report ended the attempt
  std::string stop_reason;  // with stop: "cancel", "pause", "timeout" or "kill" (the engine's)
};

// A worker as `drover workers` shows it.
struct WorkerStatus {
  WorkerIdentity identity;
  std::vector<std::string> types;  // those of its last fetch
  std::vector<JobId> jobs;         // attempts it holds
  Millis last_seen = 0;
  bool fetching = false;  // a fetch of it waits for work now
};

class WorkerPool {
 public:
  WorkerPool(boost::asio::io_context& io, const Clock& clock, Timers& timers,
             AttemptCallbacks callbacks);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Puts an attempt on offer to fetches of its type.
  void offer(WorkOffer offer);
  // An attempt a worker held before a daemon restart: held again, with its
  // lease running until `lease_until`.
  void adopt(const WorkOffer& offer, const std::string& worker, std::int64_t last_seq,
             Millis lease_until);

  // Answers with up to `max` attempts, at once when there are offers,
  // else when one comes or the wait ends (then with none). The attempts are
  // held by the worker from the moment `deliver` is called. Returns the
  // waiting fetch's id for abandon(), 0 when it was answered at once.
  std::uint64_t fetch(FetchRequest request, std::function<void(std::vector<Assignment>)> deliver);
  // Its worker has gone (its connection closed): a waiting fetch ends now,
  // with none, so no offer is handed to nobody. No-op once answered.
  void abandon(std::uint64_t fetch_id) { end_waiter(fetch_id); }
  // Attempts handed to a worker that never got them (its connection closed
  // before the answer): on offer again, under the same token.
  void give_back(const WorkOffer& offer);

  // Applies a report of an attempt a worker holds; conflict when the pool
  // holds no such attempt (never fetched, ended, lost, or a wrong token).
  Result<ReportAnswer> report(WorkerReport report);

  // Stops an attempt (StopMode::hard: ends it now).
  void stop(JobId job_id, int attempt, StopMode mode);
  // Forgets an attempt without ending it (the engine ended it otherwise).
  void forget(JobId job_id);

  // Ends the waiting fetches with no work and stops every timer (shutdown).
  void detach_all();

  std::vector<WorkerStatus> workers() const;
  // Whether a held attempt's next answer says stop (for tests and the engine).
  bool holds(JobId job_id) const { return m_held.contains(job_id); }

 private:
  struct Held {
    WorkOffer offer;
    std::string worker;
    Millis lease_until = 0;
    std::int64_t last_seq = 0;
    bool stop_asked = false;
    bool stop_told = false;
    std::optional<Millis> stop_deadline;  // the lease never runs past it once a stop is told
  };
  struct Waiter {
    std::uint64_t id = 0;
    FetchRequest request;
    std::function<void(std::vector<Assignment>)> deliver;
  };

  std::vector<Assignment> take_offers(const FetchRequest& request);
  void hold(const WorkOffer& offer, const std::string& worker, std::int64_t last_seq,
            Millis lease_until);
  void renew(Held& held, Millis lease_until);
  void serve_waiters();
  void end_waiter(std::uint64_t id);
  void arm_leases();
  void expire_leases();
  // Ends a held attempt now (from the event loop): forgets it, then on_exit.
  void end_later(JobId job_id, AttemptExit exit);
  void see(const WorkerIdentity& worker, const std::vector<std::string>* types);
  AttemptRef ref_of(const Held& held) const;

  boost::asio::io_context& m_io;
  const Clock& m_clock;
  Timers& m_timers;
  AttemptCallbacks m_callbacks;
  std::map<std::string, std::deque<WorkOffer>> m_offers;  // by type, oldest first
  std::unordered_map<JobId, Held> m_held;
  std::set<std::pair<Millis, JobId>> m_expiries;  // (lease_until, job) of every held attempt
  Alarm m_lease_alarm;
  std::list<Waiter> m_waiters;
  std::unordered_map<std::uint64_t, Alarm> m_wait_alarms;
  std::uint64_t m_next_waiter = 1;
  bool m_serve_posted = false;
  std::map<std::string, WorkerStatus> m_workers;  // by id; held jobs filled in on listing
  // Cleared on destruction: work posted to the loop checks it first.
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace drover
