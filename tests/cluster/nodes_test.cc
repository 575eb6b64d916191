// Nodes (DESIGN.md, "Several nodes"): real daemons sharing one PostgreSQL
// database see each other, and see a node whose lease ran out as lost.
#include <csignal>

#include <gtest/gtest.h>

#include "cluster.h"

namespace drover::testing {
namespace {

class Nodes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = Cluster::skip_reason()) GTEST_SKIP() << *why;
  }
};

TEST_F(Nodes, EveryNodeListsEveryNodeWithItsAddress) {
  Cluster cluster;
  Harness& a = cluster.add_node("node-a");
  Harness& b = cluster.add_node("node-b");
  for (Harness* on : {&a, &b}) {
    CliResult listed = on->cli({"nodes", "--json"});
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    Json nodes = listed.json();
    ASSERT_EQ(nodes.size(), 2u) << nodes.dump();
    EXPECT_EQ(nodes[0]["name"], "node-a");
    EXPECT_EQ(nodes[1]["name"], "node-b");
    for (const Json& node : nodes) {
      EXPECT_EQ(node["state"], "up");
      EXPECT_TRUE(node["address"].get<std::string>().starts_with("127.0.0.1:")) << node.dump();
      EXPECT_EQ(node["self"], node["name"] == (on == &a ? "node-a" : "node-b"));
    }
  }
  CliResult table = a.cli({"nodes"});
  EXPECT_NE(table.out.find("node-a (this node)  up"), std::string::npos) << table.out;
}

TEST_F(Nodes, ANodeKilledIsShownLostOnceItsLeaseRanOutAndUpWhenBack) {
  Cluster cluster;
  Harness& a = cluster.add_node("node-a");
  Harness& b = cluster.add_node("node-b");
  b.kill_daemon();
  EXPECT_TRUE(cluster.wait_for_node_state(a, "node-b", "lost"));
  EXPECT_TRUE(a.wait_for_daemon_log("declared node node-b lost"));
  b.start_daemon();
  EXPECT_EQ(cluster.node_states(a)["node-b"], "up");
  EXPECT_TRUE(b.wait_for_daemon_log("another node declared it lost"));
}

}  // namespace
}  // namespace drover::testing
