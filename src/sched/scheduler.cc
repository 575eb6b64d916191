#include "sched/scheduler.h"

#include <fmt/format.h>

namespace drover {
namespace {

constexpr std::string_view kConflictPrefix = "conflict:";

std::vector<std::string> claim_names(const Claims& claims) {
  std::vector<std::string> names = claims.resources;
  if (claims.conflict) names.push_back(std::string(kConflictPrefix) + *claims.conflict);
  return names;
}

}  // namespace

Scheduler::Queue& Scheduler::queue_for(const std::string& name) {
  return m_queues[name];  // an undeclared queue gets parallel = 1 until declared
}

Scheduler::Claim& Scheduler::claim_for(const std::string& name) {
  auto [it, created] = m_claims.try_emplace(name);
  if (created) it->second.conflict = name.rfind(kConflictPrefix, 0) == 0;
  return it->second;
}

void Scheduler::set_queue(const std::string& name, int parallel) {
  queue_for(name).parallel = parallel;
}

bool Scheduler::has_queue(const std::string& name) const { return m_queues.count(name) > 0; }

void Scheduler::set_queue_paused(const std::string& name, bool paused) {
  queue_for(name).paused = paused;
}

void Scheduler::set_resource(const std::string& name, int capacity) {
  Claim& claim = claim_for(name);
  bool grew = capacity > claim.capacity;
  claim.capacity = capacity;
  if (grew) wake_waiters(claim);
}

void Scheduler::add_queued(JobId id, const std::string& queue, int priority,
                           std::optional<Millis> not_before, Claims claims) {
  remove(id);
  Entry& entry = m_entries[id];
  entry = Entry{queue, priority, not_before, claim_names(claims), Place::ready, {}};
  Queue& q = queue_for(queue);
  if (not_before) {
    entry.place = Place::later;
    q.later.emplace(*not_before, id);
  } else {
    q.ready.emplace(-priority, id);
  }
}

void Scheduler::add_running(JobId id, const std::string& queue, Claims claims) {
  remove(id);
  Entry& entry = m_entries[id];
  entry = Entry{queue, 0, std::nullopt, claim_names(claims), Place::ready, {}};
  start(id, entry, queue_for(queue));
}

void Scheduler::remove(JobId id) {
  auto it = m_entries.find(id);
  if (it == m_entries.end()) return;
  Entry& entry = it->second;
  Queue& q = queue_for(entry.queue);
  switch (entry.place) {
    case Place::ready:
      q.ready.erase({-entry.priority, id});
      break;
    case Place::later:
      q.later.erase({*entry.not_before, id});
      break;
    case Place::waiting:
      claim_for(entry.waiting_on).waiters.erase({-entry.priority, id});
      q.waiting--;
      break;
    case Place::running:
      q.running--;
      release(id, entry);
      break;
  }
  m_entries.erase(it);
}

void Scheduler::start(JobId id, Entry& entry, Queue& queue) {
  for (const std::string& name : entry.claims) claim_for(name).holders.insert(id);
  entry.place = Place::running;
  queue.running++;
}

void Scheduler::release(JobId id, const Entry& entry) {
  for (const std::string& name : entry.claims) {
    auto it = m_claims.find(name);
    if (it == m_claims.end()) continue;
    it->second.holders.erase(id);
    wake_waiters(it->second);
    if (it->second.conflict && it->second.holders.empty() && it->second.waiters.empty()) {
      m_claims.erase(it);
    }
  }
}

// Waiters go back to their queues' ready sets, where their order decides.
void Scheduler::wake_waiters(Claim& claim) {
  std::set<Slot> waiters;
  waiters.swap(claim.waiters);
  for (const Slot& slot : waiters) unpark(slot.second, m_entries.at(slot.second));
}

void Scheduler::unpark(JobId id, Entry& entry) {
  Queue& queue = queue_for(entry.queue);
  queue.waiting--;
  entry.place = Place::ready;
  entry.waiting_on.clear();
  queue.ready.emplace(-entry.priority, id);
}

const std::string* Scheduler::busy_claim(const Entry& entry) const {
  for (const std::string& name : entry.claims) {
    auto it = m_claims.find(name);
    if (it != m_claims.end() &&
        static_cast<int>(it->second.holders.size()) >= it->second.capacity) {
      return &it->first;
    }
  }
  return nullptr;
}

void Scheduler::promote_due(Queue& queue, Millis now) {
  while (!queue.later.empty() && queue.later.begin()->first <= now) {
    JobId id = queue.later.begin()->second;
    queue.later.erase(queue.later.begin());
    Entry& entry = m_entries.at(id);
    entry.not_before.reset();
    entry.place = Place::ready;
    queue.ready.emplace(-entry.priority, id);
  }
}

std::vector<JobId> Scheduler::take_startable(Millis now) {
  std::vector<JobId> started;
  for (auto& [name, queue] : m_queues) {
    promote_due(queue, now);
    while (!queue.paused && queue.running < queue.parallel && !queue.ready.empty()) {
      auto [slot, id] = *queue.ready.begin();
      queue.ready.erase(queue.ready.begin());
      Entry& entry = m_entries.at(id);
      if (const std::string* busy = busy_claim(entry)) {
        entry.place = Place::waiting;
        entry.waiting_on = *busy;
        claim_for(*busy).waiters.emplace(slot, id);
        queue.waiting++;
        continue;
      }
      start(id, entry, queue);
      started.push_back(id);
    }
  }
  return started;
}

std::optional<std::string> Scheduler::wait_reason(JobId id, Millis now) const {
  auto it = m_entries.find(id);
  if (it == m_entries.end() || it->second.place == Place::running) return std::nullopt;
  const Entry& entry = it->second;
  if (entry.not_before && *entry.not_before > now) {
    return fmt::format("delayed until {}", format_rfc3339(*entry.not_before));
  }
  if (entry.place == Place::waiting) {
    const Claim& claim = m_claims.at(entry.waiting_on);
    JobId holder = claim.holders.empty() ? 0 : *claim.holders.begin();
    if (claim.conflict) return fmt::format("conflict with job {}", holder);
    return fmt::format("resource {} busy (job {})", entry.waiting_on, holder);
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
    int queued = static_cast<int>(queue.ready.size() + queue.later.size()) + queue.waiting;
    list.push_back({name, queue.parallel, queue.running, queued, queue.paused});
  }
  return list;
}

std::vector<ResourceStatus> Scheduler::resources() const {
  std::vector<ResourceStatus> list;
  for (const auto& [name, claim] : m_claims) {
    if (claim.conflict) continue;
    ResourceStatus status{name, claim.capacity, {claim.holders.begin(), claim.holders.end()}, {}};
    for (const Slot& slot : claim.waiters) status.waiters.push_back(slot.second);
    list.push_back(std::move(status));
  }
  return list;
}

bool Scheduler::is_running(JobId id) const {
  auto it = m_entries.find(id);
  return it != m_entries.end() && it->second.place == Place::running;
}

}  // namespace drover
