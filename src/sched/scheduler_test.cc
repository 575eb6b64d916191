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

}  // namespace
}  // namespace drover
