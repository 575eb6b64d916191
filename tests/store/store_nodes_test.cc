// The nodes table of store.h (DESIGN.md, "Several nodes"): beats, the list,
// and declaring a node lost exactly once. Checked against every backend,
// like the conformance suite; two stores opened on one place stand for two
// nodes sharing a database.
#include <memory>
#include <optional>

#include <gtest/gtest.h>

#include "store/store.h"
#include "store_backends.h"

namespace drover {
namespace {

constexpr Millis kT0 = 1'700'000'000'000;
constexpr Millis kLease = 30'000;

template <typename Backend>
class StoreNodes : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = Backend::skip_reason()) GTEST_SKIP() << *why;
    store = open();
  }

  std::unique_ptr<Store> open() {
    Result<std::unique_ptr<Store>> opened = backend.open();
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  static NodeRow row(std::string name, Millis at, int slots = 0) {
    return NodeRow{.name = std::move(name),
                   .address = "127.0.0.1:7878",
                   .slots_in_use = slots,
                   .started_at = kT0,
                   .last_beat = at,
                   .lease_until = at + kLease};
  }

  // Beats and returns when the node had been declared lost, if it had.
  std::optional<Millis> beat(Store& on, const NodeRow& node) {
    Result<std::optional<Millis>> lost = on.beat_node(node);
    EXPECT_TRUE(lost.ok()) << lost.error().message;
    return lost.ok() ? *lost : std::nullopt;
  }

  std::vector<std::string> declare_lost(Store& on, Millis now) {
    auto names = on.declare_lost_nodes(now);
    EXPECT_TRUE(names.ok()) << names.error().message;
    return names.ok() ? *names : std::vector<std::string>{};
  }

  std::vector<NodeRow> nodes() {
    auto listed = store->list_nodes();
    EXPECT_TRUE(listed.ok()) << listed.error().message;
    return listed.ok() ? *listed : std::vector<NodeRow>{};
  }

  Backend backend;
  std::unique_ptr<Store> store;
};

TYPED_TEST_SUITE_P(StoreNodes);

TYPED_TEST_P(StoreNodes, BeatsWriteTheRowAndListsAreByName) {
  EXPECT_TRUE(this->nodes().empty());
  EXPECT_FALSE(this->beat(*this->store, this->row("b", kT0)));
  EXPECT_FALSE(this->beat(*this->store, this->row("a", kT0, 2)));
  NodeRow later = this->row("b", kT0 + 10'000, 3);
  later.address = "10.0.0.2:7878";
  EXPECT_FALSE(this->beat(*this->store, later));
  EXPECT_EQ(this->nodes(), (std::vector<NodeRow>{this->row("a", kT0, 2), later}));
  this->store = this->open();  // kept across a restart
  EXPECT_EQ(this->nodes().size(), 2u);
}

TYPED_TEST_P(StoreNodes, ANodeIsDeclaredLostOnceItsLeaseRanOutAndOnlyOnce) {
  std::unique_ptr<Store> other = this->open();
  (void)this->beat(*this->store, this->row("a", kT0));
  (void)this->beat(*this->store, this->row("b", kT0 + 20'000));
  EXPECT_TRUE(this->declare_lost(*other, kT0 + kLease - 1).empty());  // still within its lease
  EXPECT_EQ(this->declare_lost(*other, kT0 + kLease), (std::vector<std::string>{"a"}));
  // Declared once: neither the same node nor another declares it again.
  EXPECT_TRUE(this->declare_lost(*other, kT0 + kLease + 1).empty());
  EXPECT_TRUE(this->declare_lost(*this->store, kT0 + kLease + 1).empty());
  EXPECT_EQ(this->declare_lost(*this->store, kT0 + 20'000 + kLease),
            (std::vector<std::string>{"b"}));
}

TYPED_TEST_P(StoreNodes, ANodeBackAfterBeingDeclaredLostLearnsItOnceAtItsNextBeat) {
  std::unique_ptr<Store> other = this->open();
  (void)this->beat(*this->store, this->row("a", kT0));
  ASSERT_EQ(this->declare_lost(*other, kT0 + kLease), (std::vector<std::string>{"a"}));
  EXPECT_EQ(this->beat(*this->store, this->row("a", kT0 + kLease + 5'000)), kT0 + kLease);
  EXPECT_FALSE(this->beat(*this->store, this->row("a", kT0 + kLease + 10'000)));
  // Up again, it can be lost again.
  EXPECT_EQ(this->declare_lost(*other, kT0 + 2 * kLease + 10'000), (std::vector<std::string>{"a"}));
}

TYPED_TEST_P(StoreNodes, ALeaseThatRanOutWithoutADeclarationIsNotLost) {
  // No node was there to declare it lost: its attempts are still its own.
  (void)this->beat(*this->store, this->row("a", kT0));
  EXPECT_FALSE(this->beat(*this->store, this->row("a", kT0 + 5 * kLease)));
  EXPECT_TRUE(this->declare_lost(*this->store, kT0 + 5 * kLease + 1).empty());
}

TYPED_TEST_P(StoreNodes, RunningOnANodeAreTheRunningJobsWhoseOpenAttemptItRuns) {
  // job -> (state, node of each attempt, whether the last one ended)
  auto add = [this](JobState state, std::vector<std::string> nodes, bool last_ended) {
    WriteBatch batch;
    Job job;
    job.id = this->store->next_job_id();
    job.type = "shell";
    job.state = state;
    job.created_at = kT0;
    batch.jobs.push_back(job);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      Attempt attempt;
      attempt.n = static_cast<int>(i) + 1;
      attempt.token = "t" + std::to_string(i);
      attempt.node = nodes[i];
      attempt.started_at = kT0;
      if (i + 1 < nodes.size() || last_ended) attempt.ended_at = kT0 + 1;
      batch.attempts.emplace_back(job.id, attempt);
    }
    EXPECT_TRUE(this->store->commit(batch, Durability::full).ok());
    return job.id;
  };
  JobId on_a = add(JobState::running, {"a"}, false);
  JobId moved_to_a = add(JobState::running, {"b", "a"}, false);
  (void)add(JobState::running, {"a", "b"}, false);  // ran on a before, runs on b now
  (void)add(JobState::queued, {"a"}, true);         // its attempt on a ended
  (void)add(JobState::interrupted, {"a"}, true);
  (void)add(JobState::running, {"b"}, false);
  auto running = this->store->list_running_on_node("a");
  ASSERT_TRUE(running.ok()) << running.error().message;
  ASSERT_EQ(running->size(), 2u);
  EXPECT_EQ((*running)[0].id, on_a);
  EXPECT_EQ((*running)[1].id, moved_to_a);
  EXPECT_EQ((*running)[1].attempts.size(), 2u);  // with every attempt
  auto none = this->store->list_running_on_node("c");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TYPED_TEST_P(StoreNodes, AttemptsEndedElsewhereAreTheNodesAttemptsEndedWithoutAnExitSince) {
  WriteBatch batch;
  Job job;
  job.id = this->store->next_job_id();
  job.type = "shell";
  job.created_at = kT0;
  batch.jobs.push_back(job);
  auto attempt = [&](int n, std::string node, Millis ended_at, std::optional<int> exit_code) {
    Attempt made;
    made.n = n;
    made.token = "t" + std::to_string(n);
    made.node = std::move(node);
    made.started_at = kT0;
    made.ended_at = ended_at;
    made.exit_code = exit_code;
    batch.attempts.emplace_back(job.id, made);
  };
  attempt(1, "a", kT0 + 1'000, std::nullopt);  // before the loss
  attempt(2, "a", kT0 + 5'000, 1);             // ended by its own exit
  attempt(3, "b", kT0 + 6'000, std::nullopt);  // another node's
  attempt(4, "a", kT0 + 7'000, std::nullopt);  // ended when a was declared lost
  ASSERT_TRUE(this->store->commit(batch, Durability::full).ok());
  auto stale = this->store->list_attempts_ended_elsewhere("a", kT0 + 5'000);
  ASSERT_TRUE(stale.ok()) << stale.error().message;
  ASSERT_EQ(stale->size(), 1u);
  EXPECT_EQ((*stale)[0].first, job.id);
  EXPECT_EQ((*stale)[0].second.n, 4);
  EXPECT_EQ((*stale)[0].second.token, "t4");
}

REGISTER_TYPED_TEST_SUITE_P(StoreNodes, BeatsWriteTheRowAndListsAreByName,
                            AttemptsEndedElsewhereAreTheNodesAttemptsEndedWithoutAnExitSince,
                            RunningOnANodeAreTheRunningJobsWhoseOpenAttemptItRuns,
                            ANodeIsDeclaredLostOnceItsLeaseRanOutAndOnlyOnce,
                            ANodeBackAfterBeingDeclaredLostLearnsItOnceAtItsNextBeat,
                            ALeaseThatRanOutWithoutADeclarationIsNotLost);

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StoreNodes, SqliteBackend);
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, StoreNodes, PostgresBackend);

}  // namespace
}  // namespace drover
