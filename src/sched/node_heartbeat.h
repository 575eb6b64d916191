// NodeHeartbeat: this daemon's membership among the nodes that share its
// store (DESIGN.md, "Several nodes"). It beats the node's row at start and
// then three times per lease, on the event loop's timers, never on the
// path of a job: a node whose loop is stuck (or stopped) stops beating,
// which is what its lease is for. On a shared store each beat also
// declares lost the nodes whose lease ran out (each once, whichever node
// gets there first) and hands their names on; and a beat that finds this
// node declared lost says so, since the attempts it ran are no longer its
// own.
//
// Thread-safety: used only on the event loop's thread.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/node.h"
#include "sched/timers.h"
#include "store/store.h"

namespace drover {

// A node as `drover nodes` shows it.
struct NodeStatus {
  NodeRow row;
  NodeState state = NodeState::up;
  bool self = false;  // the node answering
};

class NodeHeartbeat {
 public:
  struct Options {
    std::string name;
    std::string address;  // its API, empty without one
    Millis lease = 30'000;
    // Several nodes share the store: declare lost those whose lease ran out.
    bool shared_store = false;
    std::function<int()> slots_in_use;
    // Nodes this node declared lost: their running attempts are to be ended.
    std::function<void(const std::vector<std::string>&)> on_nodes_lost;
    // This node was declared lost (at the time given) while it did not beat.
    std::function<void(Millis)> on_declared_lost;
  };

  NodeHeartbeat(Store& store, Timers& timers, const Clock& clock, Options options);

  // Writes the node's row now (an error when the store refuses it) and
  // keeps beating until stop(); other nodes' leases are looked at from the
  // next beat on, once the engine has loaded its jobs.
  Status start();
  void stop() { m_alarm.cancel(); }
  // Beats now when the lease it last wrote has run out: before a node that
  // was stopped or stuck writes about an attempt, it learns whether it was
  // declared lost meanwhile (on_declared_lost runs first, if so).
  void confirm();

  // Every node's row, with its state now.
  Result<std::vector<NodeStatus>> nodes();
  const std::string& name() const { return m_options.name; }

 private:
  Status beat();  // its own row, then the others' leases
  Status beat_own_row(Millis now);
  void beat_and_rearm();
  void declare_lost_nodes(Millis now);

  Store& m_store;
  const Clock& m_clock;
  Options m_options;
  Millis m_started_at;
  Millis m_lease_until = 0;  // as the last beat that reached the store wrote it
  Alarm m_alarm;
};

}  // namespace drover
