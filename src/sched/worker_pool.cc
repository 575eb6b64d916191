#include "sched/worker_pool.h"

#include <algorithm>
#include <csignal>

#include <fmt/format.h>
#include <boost/asio/post.hpp>

#include "core/duration.h"

namespace drover {
namespace {

// A worker not heard of for this long leaves the list (it holds nothing).
constexpr Millis kWorkerForgotten = 120'000;

AttemptExit stopped_exit(Millis now, StopMode mode) {
  AttemptExit exit;
  exit.signal = mode == StopMode::hard ? SIGKILL : SIGTERM;
  exit.ended_at = now;
  return exit;
}

}  // namespace

WorkerPool::WorkerPool(boost::asio::io_context& io, const Clock& clock, Timers& timers,
                       AttemptCallbacks callbacks)
    : m_io(io),
      m_clock(clock),
      m_timers(timers),
      m_callbacks(std::move(callbacks)),
      m_lease_alarm(timers) {}

WorkerPool::~WorkerPool() { *m_alive = false; }

void WorkerPool::offer(WorkOffer offer) {
  m_offers[offer.type].push_back(std::move(offer));
  // Offers made in one turn (the engine starts many at once) fill one answer.
  if (m_waiters.empty() || m_serve_posted) return;
  m_serve_posted = true;
  boost::asio::post(m_io, [this, alive = m_alive] {
    if (!*alive) return;
    m_serve_posted = false;
    serve_waiters();
  });
}

void WorkerPool::adopt(const WorkOffer& offer, const std::string& worker, std::int64_t last_seq,
                       Millis lease_until) {
  hold(offer, worker, last_seq, lease_until);
  arm_leases();
}

void WorkerPool::hold(const WorkOffer& offer, const std::string& worker, std::int64_t last_seq,
                      Millis lease_until) {
  Held held{offer, worker, lease_until, last_seq, false, false, std::nullopt};
  m_expiries.emplace(lease_until, offer.job_id);
  m_held.insert_or_assign(offer.job_id, std::move(held));
}

std::vector<Assignment> WorkerPool::take_offers(const FetchRequest& request) {
  std::vector<Assignment> taken;
  Millis now = m_clock.now();
  for (const std::string& type : request.types) {
    auto it = m_offers.find(type);
    if (it == m_offers.end()) continue;
    std::deque<WorkOffer>& queue = it->second;
    while (!queue.empty() && static_cast<int>(taken.size()) < request.max) {
      WorkOffer offer = std::move(queue.front());
      queue.pop_front();
      Millis lease_until = now + offer.lease;
      hold(offer, request.worker.id, 0, lease_until);
      taken.push_back({std::move(offer), lease_until});
    }
    if (queue.empty()) m_offers.erase(it);
  }
  if (!taken.empty()) arm_leases();
  return taken;
}

std::uint64_t WorkerPool::fetch(FetchRequest request,
                                std::function<void(std::vector<Assignment>)> deliver) {
  see(request.worker, &request.types);
  std::vector<Assignment> taken = take_offers(request);
  if (!taken.empty() || request.wait <= 0) {
    deliver(std::move(taken));
    return 0;
  }
  std::uint64_t id = m_next_waiter++;
  Millis deadline = m_clock.now() + request.wait;
  m_waiters.push_back({id, std::move(request), std::move(deliver)});
  Alarm alarm(m_timers);
  alarm.set(deadline, [this, id] { end_waiter(id); });
  m_wait_alarms.insert_or_assign(id, std::move(alarm));
  return id;
}

void WorkerPool::give_back(const WorkOffer& offer) {
  auto it = m_held.find(offer.job_id);
  if (it == m_held.end() || it->second.offer.token != offer.token) return;
  forget(offer.job_id);
  this->offer(offer);
}

void WorkerPool::serve_waiters() {
  for (auto it = m_waiters.begin(); it != m_waiters.end() && !m_offers.empty();) {
    std::vector<Assignment> taken = take_offers(it->request);
    if (taken.empty()) {
      ++it;
      continue;
    }
    auto deliver = std::move(it->deliver);
    m_wait_alarms.erase(it->id);
    it = m_waiters.erase(it);
    deliver(std::move(taken));
  }
}

void WorkerPool::end_waiter(std::uint64_t id) {
  m_wait_alarms.erase(id);
  auto it = std::find_if(m_waiters.begin(), m_waiters.end(),
                         [id](const Waiter& waiter) { return waiter.id == id; });
  if (it == m_waiters.end()) return;
  auto deliver = std::move(it->deliver);
  m_waiters.erase(it);
  deliver({});
}

AttemptRef WorkerPool::ref_of(const Held& held) const {
  return AttemptRef{held.offer.job_id, held.offer.attempt, held.offer.token, held.last_seq};
}

void WorkerPool::renew(Held& held, Millis lease_until) {
  if (held.stop_deadline) lease_until = std::min(lease_until, *held.stop_deadline);
  if (lease_until == held.lease_until) return;
  m_expiries.erase({held.lease_until, held.offer.job_id});
  held.lease_until = lease_until;
  m_expiries.emplace(lease_until, held.offer.job_id);
  arm_leases();
}

Result<ReportAnswer> WorkerPool::report(WorkerReport report) {
  auto it = m_held.find(report.job_id);
  if (it == m_held.end() || it->second.offer.token != report.token) {
    return make_error(ErrorCode::conflict,
                      "job {} has no attempt with this token in a worker's hands: it ended, was "
                      "lost when its lease expired, or the token is wrong; stop working on it",
                      report.job_id);
  }
  Held& held = it->second;
  Millis now = m_clock.now();
  if (auto worker = m_workers.find(held.worker); worker != m_workers.end()) {
    worker->second.last_seen = now;
  }
  if (held.stop_asked && !held.stop_told) {
    held.stop_told = true;
    held.stop_deadline = now + held.offer.grace;
  }
  renew(held, now + held.offer.lease);
  ReportAnswer answer{report.job_id, held.stop_asked, held.lease_until, false, ""};
  if (!report.events.empty()) {
    for (JobEvent& event : report.events) event.seq = ++held.last_seq;
    m_callbacks.on_events(ref_of(held), std::move(report.events));
  }
  if (report.end == WorkerEnd::none) return answer;
  it = m_held.find(report.job_id);  // the engine may have forgotten it meanwhile
  if (it == m_held.end()) return answer;
  AttemptRef ref = ref_of(it->second);
  m_expiries.erase({it->second.lease_until, report.job_id});
  m_held.erase(it);
  AttemptExit exit;
  exit.ended_at = now;
  exit.exit_code = report.end == WorkerEnd::completed ? 0 : 1;
  exit.failure = report.error;
  answer.ended = true;
  m_callbacks.on_exit(ref, exit);
  return answer;
}

void WorkerPool::stop(JobId job_id, int attempt, StopMode mode) {
  Millis now = m_clock.now();
  if (auto held = m_held.find(job_id); held != m_held.end()) {
    if (held->second.offer.attempt != attempt) return;
    if (mode == StopMode::hard) return end_later(job_id, stopped_exit(now, mode));
    held->second.stop_asked = true;
    return;
  }
  for (auto& [type, queue] : m_offers) {
    auto it = std::find_if(queue.begin(), queue.end(), [&](const WorkOffer& offer) {
      return offer.job_id == job_id && offer.attempt == attempt;
    });
    if (it == queue.end()) continue;
    AttemptRef ref{job_id, attempt, it->token, 0};
    queue.erase(it);
    // Never fetched: nothing runs, so it ends now, whatever the mode.
    boost::asio::post(m_io, [this, alive = m_alive, ref, exit = stopped_exit(now, mode)] {
      if (*alive) m_callbacks.on_exit(ref, exit);
    });
    return;
  }
}

void WorkerPool::end_later(JobId job_id, AttemptExit exit) {
  auto it = m_held.find(job_id);
  if (it == m_held.end()) return;
  AttemptRef ref = ref_of(it->second);
  m_expiries.erase({it->second.lease_until, job_id});
  m_held.erase(it);
  boost::asio::post(m_io, [this, alive = m_alive, ref, exit = std::move(exit)] {
    if (*alive) m_callbacks.on_exit(ref, exit);
  });
}

void WorkerPool::forget(JobId job_id) {
  auto it = m_held.find(job_id);
  if (it == m_held.end()) return;
  m_expiries.erase({it->second.lease_until, job_id});
  m_held.erase(it);
}

void WorkerPool::arm_leases() {
  if (m_expiries.empty()) return m_lease_alarm.cancel();
  m_lease_alarm.set(m_expiries.begin()->first, [this] { expire_leases(); });
}

void WorkerPool::expire_leases() {
  Millis now = m_clock.now();
  while (!m_expiries.empty() && m_expiries.begin()->first <= now) {
    JobId job_id = m_expiries.begin()->second;
    const Held& held = m_held.at(job_id);
    AttemptExit exit;
    exit.vanished = true;
    exit.lease_expired = true;
    exit.ended_at = now;
    exit.failure = held.stop_told
                       ? fmt::format("worker {} did not stop within {} of being told", held.worker,
                                     format_duration(held.offer.grace))
                       : fmt::format("worker {} did not report for {}; its lease expired",
                                     held.worker, format_duration(held.offer.lease));
    end_later(job_id, std::move(exit));
  }
  arm_leases();
}

void WorkerPool::detach_all() {
  m_lease_alarm.cancel();
  m_wait_alarms.clear();
  std::list<Waiter> waiters = std::move(m_waiters);
  m_waiters.clear();
  for (Waiter& waiter : waiters) waiter.deliver({});
}

void WorkerPool::see(const WorkerIdentity& worker, const std::vector<std::string>* types) {
  Millis now = m_clock.now();
  std::erase_if(m_workers, [now](const auto& entry) {
    return entry.second.last_seen + kWorkerForgotten < now;
  });
  WorkerStatus& status = m_workers[worker.id];
  status.identity = worker;
  status.last_seen = now;
  if (types) status.types = *types;
}

std::vector<WorkerStatus> WorkerPool::workers() const {
  std::map<std::string, WorkerStatus> listed = m_workers;
  for (const auto& [job_id, held] : m_held) {
    WorkerStatus& status = listed[held.worker];
    if (status.identity.id.empty()) status.identity.id = held.worker;  // adopted, not seen yet
    status.jobs.push_back(job_id);
  }
  for (const Waiter& waiter : m_waiters) listed[waiter.request.worker.id].fetching = true;
  std::vector<WorkerStatus> list;
  for (auto& [id, status] : listed) {
    std::sort(status.jobs.begin(), status.jobs.end());
    list.push_back(std::move(status));
  }
  return list;
}

}  // namespace drover
