#include "core/node.h"

#include "core/enum_names.h"

namespace drover {
namespace {

constexpr EnumNames<NodeState, 2> kNames{{{NodeState::up, "up"}, {NodeState::lost, "lost"}}};

}  // namespace

std::string_view node_state_name(NodeState state) { return name_of(kNames, state); }

NodeState node_state(const NodeRow& row, Millis now) {
  return now < row.lease_until ? NodeState::up : NodeState::lost;
}

}  // namespace drover
