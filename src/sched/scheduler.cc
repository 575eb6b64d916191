#include "sched/scheduler.h"

#include <algorithm>

#include <fmt/format.h>

namespace drover {
namespace {

constexpr std::string_view kConflictPrefix = "conflict:";
// Lanes are rebuilt once they hold this many stale ids more than live ones.
constexpr std::int64_t kStaleSlack = 4096;

std::vector<std::string> names_of(const Claims& claims) {
  std::vector<std::string> names = claims.resources;
  if (claims.conflict) names.push_back(std::string(kConflictPrefix) + *claims.conflict);
  return names;
}

}  // namespace

Scheduler::QueueIndex Scheduler::queue_index(const std::string& name) {
  auto [it, created] = m_queue_names.try_emplace(name, static_cast<QueueIndex>(m_queues.size()));
  if (created) {
    // An undeclared queue gets parallel = 1 until declared.
    m_queues.emplace_back();
    m_queues.back().name = name;
  }
  return it->second;
}

Scheduler::Claim& Scheduler::claim_for(const std::string& name) {
  auto [it, created] = m_claims.try_emplace(name);
  if (created) it->second.conflict = name.rfind(kConflictPrefix, 0) == 0;
  return it->second;
}

Scheduler::ClaimListIndex Scheduler::intern_claims(const Claims& claims) {
  std::vector<std::string> names = names_of(claims);
  if (names.empty()) return 0;
  auto found = m_claim_list_index.find(names);
  if (found != m_claim_list_index.end()) {
    m_claim_lists[found->second].users++;
    return found->second;
  }
  ClaimListIndex index = 0;
  if (m_free_claim_lists.empty()) {
    index = static_cast<ClaimListIndex>(m_claim_lists.size());
    m_claim_lists.emplace_back();
  } else {
    index = m_free_claim_lists.back();
    m_free_claim_lists.pop_back();
  }
  m_claim_lists[index] = ClaimList{names, 1};
  m_claim_list_index.emplace(std::move(names), index);
  return index;
}

void Scheduler::drop_claims(ClaimListIndex index) {
  if (index == 0 || --m_claim_lists[index].users > 0) return;
  m_claim_list_index.erase(m_claim_lists[index].names);
  m_claim_lists[index] = ClaimList{};
  m_free_claim_lists.push_back(index);
}

const std::vector<std::string>& Scheduler::claim_names(const Entry& entry) const {
  return m_claim_lists[entry.claims].names;
}

void Scheduler::set_queue(const std::string& name, int parallel) {
  m_queues[queue_index(name)].parallel = parallel;
}

bool Scheduler::has_queue(const std::string& name) const { return m_queue_names.contains(name); }

void Scheduler::set_queue_paused(const std::string& name, bool paused) {
  m_queues[queue_index(name)].paused = paused;
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
  entry = Entry{0, priority, intern_claims(claims), queue_index(queue), Place::ready};
  if (not_before) {
    entry.place = Place::later;
    entry.not_before = *not_before;
    queue_of(entry).later.emplace(*not_before, id);
  } else {
    make_ready(id, entry);
  }
}

void Scheduler::add_running(JobId id, const std::string& queue, Claims claims) {
  remove(id);
  Entry& entry = m_entries[id];
  entry = Entry{0, 0, intern_claims(claims), queue_index(queue), Place::ready};
  start(id, entry, queue_of(entry));
}

void Scheduler::make_ready(JobId id, Entry& entry) {
  Queue& queue = queue_of(entry);
  entry.place = Place::ready;
  queue.ready++;
  Lane& lane = queue.lanes[-entry.priority];
  // New jobs have the largest ids; an older one (a retry) goes to its place.
  if (lane.empty() || lane.back() < id) {
    lane.push_back(id);
  } else {
    lane.insert(std::upper_bound(lane.begin(), lane.end(), id), id);
  }
}

// Takes the entry out of where it waits or runs; its lane id turns stale.
void Scheduler::leave_place(JobId id, Entry& entry) {
  Queue& queue = queue_of(entry);
  switch (entry.place) {
    case Place::ready:
      queue.ready--;
      queue.stale++;
      break;
    case Place::later:
      queue.later.erase({entry.not_before, id});
      break;
    case Place::waiting: {
      auto waiting = m_waiting_on.extract(id);
      claim_for(*waiting.mapped()).waiters.erase({-entry.priority, id});
      queue.waiting--;
      break;
    }
    case Place::running:
      queue.running--;
      release(id, entry);
      break;
  }
}

void Scheduler::remove(JobId id) {
  auto it = m_entries.find(id);
  if (it == m_entries.end()) return;
  leave_place(id, it->second);
  drop_claims(it->second.claims);
  Queue& queue = queue_of(it->second);
  m_entries.erase(it);
  compact_lanes(queue);
}

// Stale ids are dropped at the front as the queue drains; a queue that does
// not drain (paused) is rebuilt once they outnumber the live ones.
void Scheduler::compact_lanes(Queue& queue) {
  if (queue.stale < queue.ready + kStaleSlack) return;
  for (auto& [slot, lane] : queue.lanes) {
    int lane_slot = slot;  // a structured binding cannot be captured before C++20's fix
    std::erase_if(lane, [this, lane_slot](JobId id) {
      auto it = m_entries.find(id);
      return it == m_entries.end() || it->second.place != Place::ready ||
             -it->second.priority != lane_slot;
    });
  }
  std::erase_if(queue.lanes, [](const auto& entry) { return entry.second.empty(); });
  // A job may sit twice in its lane (removed, then queued again before its
  // stale id was dropped); the copies are neighbours in id order.
  for (auto& [slot, lane] : queue.lanes)
    lane.erase(std::unique(lane.begin(), lane.end()), lane.end());
  queue.stale = 0;
}

JobId Scheduler::pop_ready(Queue& queue) {
  while (!queue.lanes.empty()) {
    auto first = queue.lanes.begin();
    Lane& lane = first->second;
    if (lane.empty()) {
      queue.lanes.erase(first);
      continue;
    }
    JobId id = lane.front();
    lane.pop_front();
    auto it = m_entries.find(id);
    if (it != m_entries.end() && it->second.place == Place::ready &&
        -it->second.priority == first->first) {
      queue.ready--;
      return id;
    }
    if (queue.stale > 0) queue.stale--;
  }
  return 0;
}

void Scheduler::start(JobId id, Entry& entry, Queue& queue) {
  for (const std::string& name : claim_names(entry)) claim_for(name).holders.insert(id);
  entry.place = Place::running;
  queue.running++;
}

void Scheduler::release(JobId id, const Entry& entry) {
  for (const std::string& name : claim_names(entry)) {
    auto it = m_claims.find(name);
    if (it == m_claims.end()) continue;
    it->second.holders.erase(id);
    wake_waiters(it->second);
    if (it->second.conflict && it->second.holders.empty() && it->second.waiters.empty()) {
      m_claims.erase(it);
    }
  }
}

// Waiters go back to their queues' lanes, where their order decides.
void Scheduler::wake_waiters(Claim& claim) {
  std::set<Slot> waiters;
  waiters.swap(claim.waiters);
  for (const Slot& slot : waiters) unpark(slot.second, m_entries.at(slot.second));
}

void Scheduler::unpark(JobId id, Entry& entry) {
  queue_of(entry).waiting--;
  m_waiting_on.erase(id);
  make_ready(id, entry);
}

const std::string* Scheduler::busy_claim(const Entry& entry) const {
  for (const std::string& name : claim_names(entry)) {
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
    entry.not_before = 0;
    make_ready(id, entry);
  }
}

std::vector<JobId> Scheduler::take_startable(Millis now) {
  std::vector<JobId> started;
  for (auto& [name, index] : m_queue_names) {
    Queue& queue = m_queues[index];
    promote_due(queue, now);
    while (!queue.paused && queue.running < queue.parallel && queue.ready > 0) {
      JobId id = pop_ready(queue);
      if (id == 0) break;
      Entry& entry = m_entries.at(id);
      if (const std::string* busy = busy_claim(entry)) {
        entry.place = Place::waiting;
        m_waiting_on[id] = busy;
        claim_for(*busy).waiters.emplace(-entry.priority, id);
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
  if (entry.place == Place::later && entry.not_before > now) {
    return fmt::format("delayed until {}", format_rfc3339(entry.not_before));
  }
  if (entry.place == Place::waiting) {
    const std::string& name = *m_waiting_on.at(id);
    const Claim& claim = m_claims.at(name);
    JobId holder = claim.holders.empty() ? 0 : *claim.holders.begin();
    if (claim.conflict) return fmt::format("conflict with job {}", holder);
    return fmt::format("resource {} busy (job {})", name, holder);
  }
  const Queue& queue = m_queues[entry.queue];
  if (queue.paused) return fmt::format("queue {} paused", queue.name);
  if (queue.running >= queue.parallel) return fmt::format("queue {} full", queue.name);
  return std::nullopt;
}

std::optional<Millis> Scheduler::next_wake(Millis now) const {
  std::optional<Millis> earliest;
  for (const Queue& queue : m_queues) {
    if (queue.later.empty()) continue;
    Millis at = std::max(queue.later.begin()->first, now);
    if (!earliest || at < *earliest) earliest = at;
  }
  return earliest;
}

std::vector<QueueStatus> Scheduler::queues() const {
  std::vector<QueueStatus> list;
  for (const auto& [name, index] : m_queue_names) {
    const Queue& queue = m_queues[index];
    int queued = static_cast<int>(queue.ready + static_cast<std::int64_t>(queue.later.size())) +
                 queue.waiting;
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

bool Scheduler::holds_queued(JobId id) const {
  auto it = m_entries.find(id);
  return it != m_entries.end() && it->second.place != Place::running;
}

}  // namespace drover
