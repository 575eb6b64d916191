// Scheduler: decides which queued jobs start now. Pure bookkeeping, no I/O:
// the engine tells it what is queued and running and asks for start
// decisions, so it is tested without processes or a database.
//
// Order within a queue: higher priority first, then FIFO (lower id first).
// A queue starts no more than `parallel` jobs at once and none while paused.
// A job with a not_before time waits until then without blocking the jobs
// behind it.
#pragma once

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

class Scheduler {
 public:
  // Declares a queue or changes its limit; running jobs are never stopped.
  void set_queue(const std::string& name, int parallel);
  bool has_queue(const std::string& name) const;
  void set_queue_paused(const std::string& name, bool paused);

  void add_queued(JobId id, const std::string& queue, int priority,
                  std::optional<Millis> not_before);
  void add_running(JobId id, const std::string& queue);
  // Forgets the job wherever it is (started elsewhere, finished, removed).
  void remove(JobId id);

  // Jobs to start now, in start order; they count as running from here on.
  std::vector<JobId> take_startable(Millis now);

  // Why a queued job is not running yet; nullopt when it could start now.
  std::optional<std::string> wait_reason(JobId id, Millis now) const;

  // The earliest not_before in the future, to set a timer for.
  std::optional<Millis> next_wake(Millis now) const;

  std::vector<QueueStatus> queues() const;

 private:
  // (-priority, id): std::set keeps the start order.
  using Slot = std::pair<int, JobId>;

  struct Queue {
    int parallel = 1;
    bool paused = false;
    int running = 0;
    std::set<Slot> ready;                      // may start now
    std::set<std::pair<Millis, JobId>> later;  // waiting for their time
  };

  struct Entry {
    std::string queue;
    int priority = 0;
    std::optional<Millis> not_before;
    bool running = false;
  };

  Queue& queue_for(const std::string& name);
  void promote_due(Queue& queue, Millis now);

  std::map<std::string, Queue> m_queues;
  std::unordered_map<JobId, Entry> m_entries;
};

}  // namespace drover
