#include "sched/scheduler.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(Scheduler, StartsNoMoreThanParallelPerQueue) {
  Scheduler scheduler;
  scheduler.set_queue("default", 2);
  for (JobId id = 1; id <= 5; ++id) scheduler.add_queued(id, "default", 0, std::nullopt);
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{1, 2}));
  EXPECT_TRUE(scheduler.take_startable(0).empty());
  EXPECT_EQ(scheduler.wait_reason(3, 0), "queue default full");
  scheduler.remove(1);
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{3}));
}

TEST(Scheduler, HigherPriorityFirstThenFifo) {
  Scheduler scheduler;
  scheduler.set_queue("q", 1);
  scheduler.add_queued(1, "q", 0, std::nullopt);
  scheduler.add_queued(2, "q", 5, std::nullopt);
  scheduler.add_queued(3, "q", 5, std::nullopt);
  std::vector<JobId> order;
  for (int i = 0; i < 3; ++i) {
    auto started = scheduler.take_startable(0);
    ASSERT_EQ(started.size(), 1u);
    order.push_back(started[0]);
    scheduler.remove(started[0]);
  }
  EXPECT_EQ(order, (std::vector<JobId>{2, 3, 1}));
}

TEST(Scheduler, PausedQueueStartsNothingAndSaysWhy) {
  Scheduler scheduler;
  scheduler.set_queue("q", 4);
  scheduler.set_queue_paused("q", true);
  scheduler.add_queued(1, "q", 0, std::nullopt);
  EXPECT_TRUE(scheduler.take_startable(0).empty());
  EXPECT_EQ(scheduler.wait_reason(1, 0), "queue q paused");
  scheduler.set_queue_paused("q", false);
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{1}));
}

TEST(Scheduler, DelayedJobWaitsWithoutBlockingOthers) {
  Scheduler scheduler;
  scheduler.set_queue("q", 1);
  scheduler.add_queued(1, "q", 10, Millis{5000});
  scheduler.add_queued(2, "q", 0, std::nullopt);
  EXPECT_EQ(scheduler.wait_reason(1, 0), "delayed until 1970-01-01T00:00:05Z");
  EXPECT_EQ(scheduler.next_wake(0), Millis{5000});
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{2}));
  scheduler.remove(2);
  EXPECT_EQ(scheduler.take_startable(4999), std::vector<JobId>{});
  EXPECT_EQ(scheduler.take_startable(5000), (std::vector<JobId>{1}));
}

TEST(Scheduler, RunningJobsCountAgainstTheLimitAfterRestart) {
  Scheduler scheduler;
  scheduler.set_queue("q", 1);
  scheduler.add_running(7, "q");
  scheduler.add_queued(8, "q", 0, std::nullopt);
  EXPECT_TRUE(scheduler.take_startable(0).empty());
  auto queues = scheduler.queues();
  ASSERT_EQ(queues.size(), 1u);
  EXPECT_EQ(queues[0].running, 1);
  EXPECT_EQ(queues[0].queued, 1);
}

TEST(Scheduler, RemovingAQueuedJobForgetsIt) {
  Scheduler scheduler;
  scheduler.set_queue("q", 1);
  scheduler.add_queued(1, "q", 0, Millis{100});
  scheduler.remove(1);
  EXPECT_FALSE(scheduler.next_wake(0).has_value());
  EXPECT_TRUE(scheduler.take_startable(1000).empty());
}

TEST(Scheduler, ConflictKeyLetsOneRunAndSaysWhoHoldsIt) {
  Scheduler scheduler;
  scheduler.set_queue("q", 4);
  scheduler.add_queued(1, "q", 0, std::nullopt, Claims{{}, "source:a"});
  scheduler.add_queued(2, "q", 0, std::nullopt, Claims{{}, "source:a"});
  scheduler.add_queued(3, "q", 0, std::nullopt, Claims{{}, "source:b"});
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{1, 3}));
  EXPECT_EQ(scheduler.wait_reason(2, 0), "conflict with job 1");
  scheduler.remove(1);
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{2}));
}

TEST(Scheduler, BusyResourceDoesNotBlockTheJobsBehind) {
  Scheduler scheduler;
  scheduler.set_queue("q", 4);
  scheduler.set_resource("chroma-768", 1);
  scheduler.set_resource("chroma-384", 1);
  scheduler.add_queued(1, "q", 0, std::nullopt, Claims{{"chroma-768"}, {}});
  scheduler.add_queued(2, "q", 0, std::nullopt, Claims{{"chroma-768"}, {}});
  scheduler.add_queued(3, "q", 0, std::nullopt, Claims{{"chroma-384"}, {}});
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{1, 3}));
  EXPECT_EQ(scheduler.wait_reason(2, 0), "resource chroma-768 busy (job 1)");
  auto resources = scheduler.resources();
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources[1].name, "chroma-768");
  EXPECT_EQ(resources[1].holders, (std::vector<JobId>{1}));
  EXPECT_EQ(resources[1].waiters, (std::vector<JobId>{2}));
}

TEST(Scheduler, EarliestWaiterGetsAFreedResourceFirst) {
  Scheduler scheduler;
  scheduler.set_queue("q", 10);
  scheduler.set_resource("r", 1);
  for (JobId id = 1; id <= 4; ++id) {
    scheduler.add_queued(id, "q", 0, std::nullopt, Claims{{"r"}, {}});
  }
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{1}));
  for (JobId expected = 2; expected <= 4; ++expected) {
    scheduler.remove(expected - 1);
    EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{expected}));
  }
}

TEST(Scheduler, GrowingACapacityWakesWaiters) {
  Scheduler scheduler;
  scheduler.set_queue("q", 10);
  scheduler.set_resource("r", 1);
  scheduler.add_queued(1, "q", 0, std::nullopt, Claims{{"r"}, {}});
  scheduler.add_queued(2, "q", 0, std::nullopt, Claims{{"r"}, {}});
  EXPECT_EQ(scheduler.take_startable(0).size(), 1u);
  scheduler.set_resource("r", 2);
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{2}));
}

TEST(Scheduler, RequeuedOlderJobKeepsItsPlaceInIdOrder) {
  Scheduler scheduler;
  scheduler.set_queue("q", 1);
  scheduler.set_queue_paused("q", true);
  for (JobId id : {5, 6, 7}) scheduler.add_queued(id, "q", 0, std::nullopt);
  scheduler.add_queued(2, "q", 0, std::nullopt);  // a retry of an older job
  scheduler.add_queued(6, "q", 0, std::nullopt);  // queued again: one place, not two
  scheduler.remove(5);
  scheduler.set_queue_paused("q", false);
  std::vector<JobId> order;
  for (auto started = scheduler.take_startable(0); !started.empty();
       started = scheduler.take_startable(0)) {
    order.insert(order.end(), started.begin(), started.end());
    scheduler.remove(started.front());
  }
  EXPECT_EQ(order, (std::vector<JobId>{2, 6, 7}));
  EXPECT_EQ(scheduler.queues().front().queued, 0);
}

TEST(Scheduler, ManyRemovalsFromAPausedQueueKeepCountsAndOrder) {
  Scheduler scheduler;
  scheduler.set_queue("q", 1);
  scheduler.set_queue_paused("q", true);
  constexpr JobId kJobs = 20'000;
  for (JobId id = 1; id <= kJobs; ++id) scheduler.add_queued(id, "q", 0, std::nullopt);
  // Enough removals to rebuild the lanes; the even ids remain.
  for (JobId id = 1; id <= kJobs; id += 2) scheduler.remove(id);
  EXPECT_EQ(scheduler.queues().front().queued, kJobs / 2);
  EXPECT_TRUE(scheduler.holds_queued(2));
  EXPECT_FALSE(scheduler.holds_queued(1));
  scheduler.set_queue_paused("q", false);
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{2}));
  scheduler.remove(2);
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{4}));
}

TEST(Scheduler, JobsSharingAConflictKeyShareOneClaimList) {
  Scheduler scheduler;
  scheduler.set_queue("q", 4);
  Claims org{{}, "org-1"};
  for (JobId id = 1; id <= 3; ++id) scheduler.add_queued(id, "q", 0, std::nullopt, org);
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{1}));
  EXPECT_EQ(scheduler.wait_reason(2, 0), "conflict with job 1");
  scheduler.remove(1);
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{2}));
  scheduler.remove(2);
  scheduler.remove(3);
  // Once nobody holds or waits for it, the key is forgotten and can come back.
  scheduler.add_queued(4, "q", 0, std::nullopt, org);
  EXPECT_EQ(scheduler.take_startable(0), (std::vector<JobId>{4}));
}

}  // namespace
}  // namespace drover
