#include "core/node.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(Node, IsUpUntilItsLeaseRunsOut) {
  NodeRow row;
  row.last_beat = 1'000;
  row.lease_until = 31'000;
  EXPECT_EQ(node_state(row, 1'000), NodeState::up);
  EXPECT_EQ(node_state(row, 30'999), NodeState::up);
  EXPECT_EQ(node_state(row, 31'000), NodeState::lost);
  EXPECT_EQ(node_state_name(NodeState::up), "up");
  EXPECT_EQ(node_state_name(NodeState::lost), "lost");
}

}  // namespace
}  // namespace drover
