// Node: one daemon among those that share a store (DESIGN.md, "Several
// nodes"). Each node keeps a row that it beats on a timer; a row whose
// lease ran out stands for a lost node, whatever the node itself believes.
// SQLite has one node, the daemon itself.
//
// Plain values; no thread-safety concerns.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace drover {

enum class NodeState {
  up,    // beat within its lease
  lost,  // its lease ran out: its attempts are no longer its own
};

std::string_view node_state_name(NodeState state);

// A node's row as it wrote it at its last beat.
struct NodeRow {
  std::string name;
  std::string address;    // its API ("127.0.0.1:7878"); empty when it listens on no TCP port
  int slots_in_use = 0;   // attempts it runs
  Millis started_at = 0;  // when this run of the daemon started
  Millis last_beat = 0;
  Millis lease_until = 0;  // last_beat + its node_lease

  bool operator==(const NodeRow&) const = default;
};

// Up until the lease runs out (at lease_until, the node is lost).
NodeState node_state(const NodeRow& row, Millis now);

}  // namespace drover
