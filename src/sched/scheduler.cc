#include "sched/scheduler.h"

#include <fmt/format.h>

namespace drover {

Scheduler::Queue& Scheduler::queue_for(const std::string& name) {
  return m_queues[name];  // an undeclared queue gets parallel = 1 until declared
}

void Scheduler::set_queue(const std::string& name, int parallel) {
  queue_for(name).parallel = parallel;
}

bool Scheduler::has_queue(const std::string& name) const { return m_queues.count(name) > 0; }

void Scheduler::set_queue_paused(const std::string& name, bool paused) {
  queue_for(name).paused = paused;
}

void Scheduler::add_queued(JobId id, const std::string& queue, int priority,
                           std::optional<Millis> not_before) {
  remove(id);
  m_entries[id] = Entry{queue, priority, not_before, false};
  Queue& q = queue_for(queue);
  if (not_before) {
    q.later.emplace(*not_before, id);
  } else {
    q.ready.emplace(-priority, id);
  }
}

void Scheduler::add_running(JobId id, const std::string& queue) {
  remove(id);
  m_entries[id] = Entry{queue, 0, std::nullopt, true};
  queue_for(queue).running++;
}

void Scheduler::remove(JobId id) {
  auto it = m_entries.find(id);
  if (it == m_entries.end()) return;
  Entry& entry = it->second;
  Queue& q = queue_for(entry.queue);
  if (entry.running) {
    q.running--;
  } else if (entry.not_before) {
    q.later.erase({*entry.not_before, id});
  }
  q.ready.erase({-entry.priority, id});
  m_entries.erase(it);
}

void Scheduler::promote_due(Queue& queue, Millis now) {
  while (!queue.later.empty() && queue.later.begin()->first <= now) {
    JobId id = queue.later.begin()->second;
    queue.later.erase(queue.later.begin());
    Entry& entry = m_entries[id];
    entry.not_before.reset();
    queue.ready.emplace(-entry.priority, id);
  }
}

std::vector<JobId> Scheduler::take_startable(Millis now) {
  std::vector<JobId> started;
  for (auto& [name, queue] : m_queues) {
    promote_due(queue, now);
    while (!queue.paused && queue.running < queue.parallel && !queue.ready.empty()) {
      JobId id = queue.ready.begin()->second;
      queue.ready.erase(queue.ready.begin());
      m_entries[id].running = true;
      queue.running++;
      started.push_back(id);
    }
  }
  return started;
}

std::optional<std::string> Scheduler::wait_reason(JobId id, Millis now) const {
  auto it = m_entries.find(id);
  if (it == m_entries.end() || it->second.running) return std::nullopt;
  const Entry& entry = it->second;
  if (entry.not_before && *entry.not_before > now) {
    return fmt::format("delayed until {}", format_rfc3339(*entry.not_before));
  }
  const Queue& queue = m_queues.at(entry.queue);
  if (queue.paused) return fmt::format("queue {} paused", entry.queue);
  if (queue.running >= queue.parallel) return fmt::format("queue {} full", entry.queue);
  return std::nullopt;
}

std::optional<Millis> Scheduler::next_wake(Millis now) const {
  std::optional<Millis> earliest;
  for (const auto& [name, queue] : m_queues) {
    if (queue.later.empty()) continue;
    Millis at = std::max(queue.later.begin()->first, now);
    if (!earliest || at < *earliest) earliest = at;
  }
  return earliest;
}

std::vector<QueueStatus> Scheduler::queues() const {
  std::vector<QueueStatus> list;
  for (const auto& [name, queue] : m_queues) {
    int queued = static_cast<int>(queue.ready.size() + queue.later.size());
    list.push_back({name, queue.parallel, queue.running, queued, queue.paused});
  }
  return list;
}

}  // namespace drover
