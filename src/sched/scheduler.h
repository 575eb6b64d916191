// Scheduler: decides which queued jobs start now. Pure bookkeeping, no I/O:
// the engine tells it what is queued and running and asks for start
// decisions, so it is tested without processes or a database.
//
// Rules:
// - Within a queue: higher priority first, then FIFO (lower id first).
// - A queue runs at most `parallel` jobs and none while paused.
// - A job holds its claims while it runs: resources (at most `capacity`
//   holders each) and its conflict key (one holder).
// - A job that cannot have a claim waits on that claim without blocking the
//   jobs behind it; when the claim frees, its waiters are looked at again in
//   their order, so the earliest waiter gets it first.
// - A job with a not_before time waits until then.
// Each decision costs O(log n) per job looked at; blocked jobs are parked on
// what blocks them, never rescanned while it stays busy.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/job.h"

namespace drover {

struct QueueStatus {
  std::string name;
  int parallel = 1;
  int running = 0;
  int queued = 0;
  bool paused = false;
};

struct ResourceStatus {
  std::string name;
  int capacity = 1;
  std::vector<JobId> holders;
  std::vector<JobId> waiters;  // in the order they will get it
};

// What a job must hold while it runs.
struct Claims {
  std::vector<std::string> resources;
  std::optional<std::string> conflict;
};

class Scheduler {
 public:
  // Declares a queue or changes its limit; running jobs are never stopped.
  void set_queue(const std::string& name, int parallel);
  bool has_queue(const std::string& name) const;
  void set_queue_paused(const std::string& name, bool paused);
  // Declares a resource or changes its capacity.
  void set_resource(const std::string& name, int capacity);

  void add_queued(JobId id, const std::string& queue, int priority,
                  std::optional<Millis> not_before, Claims claims = {});
  // A job found running (after a restart): it holds its claims.
  void add_running(JobId id, const std::string& queue, Claims claims = {});
  // Forgets the job wherever it is, releasing what it held.
  void remove(JobId id);

  // Jobs to start now, in start order; they hold their claims from here on.
  std::vector<JobId> take_startable(Millis now);

  // Why a queued job is not running yet; nullopt when it could start now.
  std::optional<std::string> wait_reason(JobId id, Millis now) const;

  // The earliest not_before in the future, to set a timer for.
  std::optional<Millis> next_wake(Millis now) const;

  std::vector<QueueStatus> queues() const;
  std::vector<ResourceStatus> resources() const;
  bool is_running(JobId id) const;
  // Queued here (ready, delayed or waiting on a claim), not running.
  bool holds_queued(JobId id) const;

 private:
  using Slot = std::pair<int, JobId>;  // (-priority, id): std::set keeps the start order
  using QueueIndex = std::uint16_t;
  using ClaimListIndex = std::uint32_t;  // 0: no claims

  // Ready jobs of one priority, in id order. Jobs leave lazily: an id whose
  // entry is gone, or no longer ready at this priority, is skipped when it
  // reaches the front (so removing a queued job costs O(1), not a search).
  using Lane = std::deque<JobId>;

  struct Queue {
    std::string name;
    int parallel = 1;
    bool paused = false;
    int running = 0;
    int waiting = 0;                           // parked on a claim
    std::int64_t ready = 0;                    // live ids in the lanes
    std::int64_t stale = 0;                    // ids the lanes still hold for nothing
    std::map<int, Lane> lanes;                 // by -priority: the first lane starts first
    std::set<std::pair<Millis, JobId>> later;  // waiting for their time
  };

  // A resource, or a conflict key (capacity 1, made on demand).
  struct Claim {
    int capacity = 1;
    bool conflict = false;
    std::set<JobId> holders;
    std::set<Slot> waiters;
  };

  // The claim names jobs share (resources and "conflict:" + key), kept once
  // however many jobs hold the same list.
  struct ClaimList {
    std::vector<std::string> names;
    std::int64_t users = 0;
  };

  enum class Place : std::uint8_t { ready, later, waiting, running };

  // Tens of bytes per job: a million queued jobs fit in memory.
  struct Entry {
    Millis not_before = 0;  // with Place::later
    std::int32_t priority = 0;
    ClaimListIndex claims = 0;
    QueueIndex queue = 0;
    Place place = Place::ready;
  };

  QueueIndex queue_index(const std::string& name);
  Queue& queue_of(const Entry& entry) { return m_queues[entry.queue]; }
  Claim& claim_for(const std::string& name);
  ClaimListIndex intern_claims(const Claims& claims);
  void drop_claims(ClaimListIndex index);
  const std::vector<std::string>& claim_names(const Entry& entry) const;
  void make_ready(JobId id, Entry& entry);
  void leave_place(JobId id, Entry& entry);
  // The next live ready job of the queue (stale ids dropped), or 0.
  JobId pop_ready(Queue& queue);
  void compact_lanes(Queue& queue);
  void promote_due(Queue& queue, Millis now);
  const std::string* busy_claim(const Entry& entry) const;
  void start(JobId id, Entry& entry, Queue& queue);
  void release(JobId id, const Entry& entry);
  void wake_waiters(Claim& claim);
  void unpark(JobId id, Entry& entry);

  std::vector<Queue> m_queues;
  std::map<std::string, QueueIndex> m_queue_names;  // name order for queues()
  std::map<std::string, Claim> m_claims;
  std::vector<ClaimList> m_claim_lists{ClaimList{}};  // [0]: no claims
  std::map<std::vector<std::string>, ClaimListIndex> m_claim_list_index;
  std::vector<ClaimListIndex> m_free_claim_lists;
  std::unordered_map<JobId, Entry> m_entries;
  std::unordered_map<JobId, const std::string*> m_waiting_on;  // the claim a job is parked on
};

}  // namespace drover
