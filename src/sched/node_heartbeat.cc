#include "sched/node_heartbeat.h"

#include <spdlog/spdlog.h>

namespace drover {
namespace {

// Three beats per lease: two may be late or fail before the node is lost.
constexpr int kBeatsPerLease = 3;

}  // namespace

NodeHeartbeat::NodeHeartbeat(Store& store, Timers& timers, const Clock& clock, Options options)
    : m_store(store),
      m_clock(clock),
      m_options(std::move(options)),
      m_started_at(clock.now()),
      m_alarm(timers) {}

Status NodeHeartbeat::start() {
  // Others are looked at from the next beat on, once the engine has started.
  DROVER_RETURN_IF_ERROR(beat_own_row(m_clock.now()));
  m_alarm.set(m_clock.now() + m_options.lease / kBeatsPerLease, [this] { beat_and_rearm(); });
  return {};
}

void NodeHeartbeat::beat_and_rearm() {
  if (Status beaten = beat(); !beaten) {
    spdlog::warn("node {}: could not beat its row in the store ({}); trying again soon",
                 m_options.name, beaten.error().message);
  }
  m_alarm.set(m_clock.now() + m_options.lease / kBeatsPerLease, [this] { beat_and_rearm(); });
}

Status NodeHeartbeat::beat() {
  Millis now = m_clock.now();
  DROVER_RETURN_IF_ERROR(beat_own_row(now));
  if (m_options.shared_store) declare_lost_nodes(now);
  return {};
}

Status NodeHeartbeat::beat_own_row(Millis now) {
  NodeRow row{.name = m_options.name,
              .address = m_options.address,
              .slots_in_use = m_options.slots_in_use ? m_options.slots_in_use() : 0,
              .started_at = m_started_at,
              .last_beat = now,
              .lease_until = now + m_options.lease};
  DROVER_TRY(lost, m_store.beat_node(row));
  m_lease_until = row.lease_until;
  if (*lost) {
    spdlog::warn(
        "node {}: another node declared it lost while it did not beat; the attempts it "
        "ran were ended there",
        m_options.name);
    if (m_options.on_declared_lost) m_options.on_declared_lost(**lost);
  }
  return {};
}

void NodeHeartbeat::confirm() {
  if (m_clock.now() < m_lease_until) return;
  if (Status beaten = beat_own_row(m_clock.now()); !beaten) {
    spdlog::warn("node {}: its lease ran out and it could not beat again ({})", m_options.name,
                 beaten.error().message);
  }
}

void NodeHeartbeat::declare_lost_nodes(Millis now) {
  auto lost = m_store.declare_lost_nodes(now);
  if (!lost) {
    spdlog::warn("node {}: could not look for lost nodes: {}", m_options.name,
                 lost.error().message);
    return;
  }
  if (lost->empty()) return;
  for (const std::string& name : *lost) {
    spdlog::warn("node {}: declared node {} lost (its lease ran out)", m_options.name, name);
  }
  if (m_options.on_nodes_lost) m_options.on_nodes_lost(*lost);
}

Result<std::vector<NodeStatus>> NodeHeartbeat::nodes() {
  DROVER_TRY(rows, m_store.list_nodes());
  Millis now = m_clock.now();
  std::vector<NodeStatus> nodes;
  for (NodeRow& row : *rows) {
    NodeState state = node_state(row, now);
    bool self = row.name == m_options.name;
    nodes.push_back({std::move(row), state, self});
  }
  return nodes;
}

}  // namespace drover
