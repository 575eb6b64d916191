#include "sched/timers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace drover {
namespace {

TEST(ManualTimers, FireInTimeOrderWithTheClockAtEachTimersOwnTime) {
  ManualClock clock(1'000);
  ManualTimers timers(clock);
  std::vector<std::string> fired;
  timers.at(3'000, [&] { fired.push_back("c@" + std::to_string(clock.now())); });
  timers.at(2'000, [&] { fired.push_back("b@" + std::to_string(clock.now())); });
  timers.at(5'000, [&] { fired.push_back("late"); });
  timers.advance_to(4'000);
  EXPECT_EQ(fired, (std::vector<std::string>{"b@2000", "c@3000"}));
  EXPECT_EQ(clock.now(), 4'000);
  EXPECT_EQ(timers.next(), 5'000);
}

TEST(ManualTimers, ATimerSetByAFiringTimerFiresInTheSameAdvanceWhenDue) {
  ManualClock clock(0);
  ManualTimers timers(clock);
  int fired = 0;
  timers.at(10, [&] {
    ++fired;
    timers.at(20, [&] { ++fired; });
    timers.at(200, [&] { ++fired; });
  });
  timers.advance(100);
  EXPECT_EQ(fired, 2);
  EXPECT_EQ(timers.size(), 1u);
}

TEST(Alarm, SettingAgainOrDestroyingCancelsTheEarlierTimer) {
  ManualClock clock(0);
  ManualTimers timers(clock);
  std::vector<int> fired;
  {
    Alarm alarm(timers);
    alarm.set(10, [&] { fired.push_back(1); });
    alarm.set(20, [&] { fired.push_back(2); });
    Alarm gone(timers);
    gone.set(5, [&] { fired.push_back(3); });
    timers.advance(30);
    alarm.set(40, [&] { fired.push_back(4); });
  }
  timers.advance(100);
  EXPECT_EQ(fired, (std::vector<int>{3, 2}));
  EXPECT_EQ(timers.size(), 0u);
}

TEST(AsioTimers, ATimerDueByTheClockFiresOnTheLoopAndACancelledOneNever) {
  boost::asio::io_context io;
  ManualClock clock(50'000);
  AsioTimers timers(io, clock);
  std::vector<int> fired;
  timers.at(40'000, [&] { fired.push_back(1); });  // already due by the clock
  Timers::Id cancelled = timers.at(50'000, [&] { fired.push_back(2); });
  timers.cancel(cancelled);
  EXPECT_TRUE(fired.empty()) << "fired inside at()";
  io.run();
  EXPECT_EQ(fired, (std::vector<int>{1}));
}

}  // namespace
}  // namespace drover
