#include "sched/node_heartbeat.h"

#include <gtest/gtest.h>

#include "os/test_dir.h"
#include "store/sqlite/sqlite_store.h"

namespace drover {
namespace {

constexpr Millis kT0 = 1'700'000'000'000;
constexpr Millis kLease = 30'000;

// Two nodes on one store file, one clock: what two daemons sharing a
// database see, with time moved by the test.
class NodeHeartbeatTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> open() {
    auto store = SqliteStore::open((dir.path() / "drover.db").string());
    EXPECT_TRUE(store.ok()) << store.error().message;
    return std::move(*store);
  }

  NodeHeartbeat::Options options(std::string name) {
    NodeHeartbeat::Options options;
    options.name = std::move(name);
    options.address = "127.0.0.1:7878";
    options.lease = kLease;
    options.shared_store = true;
    options.slots_in_use = [this] { return slots; };
    options.on_nodes_lost = [this](const std::vector<std::string>& names) {
      lost.insert(lost.end(), names.begin(), names.end());
    };
    options.on_declared_lost = [this](Millis) { ++declared_lost; };
    return options;
  }

  NodeRow row(Store& store, const std::string& name) {
    auto rows = store.list_nodes();
    EXPECT_TRUE(rows.ok());
    for (const NodeRow& found : *rows) {
      if (found.name == name) return found;
    }
    ADD_FAILURE() << "no row for node " << name;
    return {};
  }

  TestDir dir;
  ManualClock clock{kT0};
  ManualTimers timers{clock};
  int slots = 0;
  std::vector<std::string> lost;
  int declared_lost = 0;
};

TEST_F(NodeHeartbeatTest, BeatsAtStartThenThreeTimesPerLease) {
  auto store = open();
  NodeHeartbeat heartbeat(*store, timers, clock, options("a"));
  slots = 2;
  ASSERT_TRUE(heartbeat.start().ok());
  EXPECT_EQ(row(*store, "a"), (NodeRow{.name = "a",
                                       .address = "127.0.0.1:7878",
                                       .slots_in_use = 2,
                                       .started_at = kT0,
                                       .last_beat = kT0,
                                       .lease_until = kT0 + kLease}));
  slots = 3;
  timers.advance(kLease / 3);
  EXPECT_EQ(row(*store, "a").last_beat, kT0 + kLease / 3);
  EXPECT_EQ(row(*store, "a").slots_in_use, 3);
  timers.advance(kLease);
  EXPECT_EQ(row(*store, "a").last_beat, kT0 + 4 * (kLease / 3));
  EXPECT_EQ(row(*store, "a").started_at, kT0);
}

TEST_F(NodeHeartbeatTest, ANodeThatStopsBeatingIsDeclaredLostOnceAndLearnsItWhenBack) {
  auto store_a = open();
  auto store_b = open();
  NodeHeartbeat a(*store_a, timers, clock, options("a"));
  auto b = std::make_unique<NodeHeartbeat>(*store_b, timers, clock, options("b"));
  ASSERT_TRUE(a.start().ok());
  ASSERT_TRUE(b->start().ok());
  timers.advance(kLease);  // both beat: nobody is lost
  EXPECT_TRUE(lost.empty());
  b->stop();  // b's loop stops (SIGSTOP, a dead host)
  timers.advance(kLease + kLease / 3);
  EXPECT_EQ(lost, (std::vector<std::string>{"b"}));  // once, though a beat many times since
  auto nodes = a.nodes();
  ASSERT_TRUE(nodes.ok());
  ASSERT_EQ(nodes->size(), 2u);
  EXPECT_EQ((*nodes)[0].state, NodeState::up);
  EXPECT_TRUE((*nodes)[0].self);
  EXPECT_EQ((*nodes)[1].state, NodeState::lost);
  EXPECT_FALSE((*nodes)[1].self);
  EXPECT_EQ(declared_lost, 0);
  b = std::make_unique<NodeHeartbeat>(*store_b, timers, clock, options("b"));
  ASSERT_TRUE(b->start().ok());
  EXPECT_EQ(declared_lost, 1);
  EXPECT_EQ(row(*store_a, "b").lease_until, clock.now() + kLease);
}

TEST_F(NodeHeartbeatTest, ANodeWhoseLeaseRanOutConfirmsItBeforeActing) {
  auto store_a = open();
  auto store_b = open();
  NodeHeartbeat a(*store_a, timers, clock, options("a"));
  NodeHeartbeat b(*store_b, timers, clock, options("b"));
  ASSERT_TRUE(a.start().ok());
  ASSERT_TRUE(b.start().ok());
  b.confirm();  // within its lease: nothing to learn, nothing written
  EXPECT_EQ(row(*store_a, "b").last_beat, kT0);
  b.stop();
  timers.advance(kLease + kLease / 3);  // a declares b lost
  ASSERT_EQ(lost, (std::vector<std::string>{"b"}));
  // b's loop runs again: its first act learns it was lost, before its timer fires.
  b.confirm();
  EXPECT_EQ(declared_lost, 1);
  b.confirm();
  EXPECT_EQ(declared_lost, 1);
}

TEST_F(NodeHeartbeatTest, ASingleNodeStoreDeclaresNoOneLost) {
  auto store = open();
  NodeHeartbeat::Options old = options("renamed-host");
  old.shared_store = false;
  NodeHeartbeat gone(*store, timers, clock, old);
  ASSERT_TRUE(gone.start().ok());
  gone.stop();
  NodeHeartbeat::Options now = options("host");
  now.shared_store = false;
  NodeHeartbeat heartbeat(*store, timers, clock, now);
  ASSERT_TRUE(heartbeat.start().ok());
  timers.advance(3 * kLease);
  // Its own attempts under an old name are still its own to reconcile.
  EXPECT_TRUE(lost.empty());
}

}  // namespace
}  // namespace drover
