#include "sched/schedule_book.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

constexpr Millis kMinute = 60'000;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis k1030 = 1'772'447'400'000;  // 2026-03-02 10:30 UTC
constexpr Millis k1100 = k1030 + 30 * kMinute;

ScheduleConfig hourly(bool catch_up = false) {
  ScheduleConfig schedule;
  schedule.name = "hourly";
  schedule.type = "report";
  schedule.cron = "0 * * * *";
  schedule.catch_up = catch_up;
  return schedule;
}

TEST(ScheduleBook, TheNextRunIsTheFirstCronTimeAfterTheMark) {
  EXPECT_EQ(next_run(hourly(), k1030), k1100);
  EXPECT_EQ(next_run(hourly(), k1100), k1100 + kHour);
}

TEST(ScheduleBook, AtStartANewScheduleStartsFromNowAndAMissedRunCatchesUpOnlyWhenAsked) {
  EXPECT_EQ(start_schedule(hourly(), std::nullopt, k1030), ScheduleStart::first_sight);
  EXPECT_EQ(start_schedule(hourly(), k1030, k1030 + 10 * kMinute), ScheduleStart::up_to_date);
  EXPECT_EQ(start_schedule(hourly(), k1030, k1100 + 3 * kHour), ScheduleStart::skip_missed);
  EXPECT_EQ(start_schedule(hourly(true), k1030, k1100 + 3 * kHour), ScheduleStart::catch_up);
}

TEST(ScheduleBook, DueSchedulesAreThoseWhoseNextRunHasCome) {
  std::map<std::string, ScheduleConfig> schedules{{"hourly", hourly()}};
  ScheduleConfig daily = hourly();
  daily.name = "daily";
  daily.cron = "0 2 * * *";
  schedules.emplace("daily", daily);
  ScheduleMarks marks{{"hourly", k1030}, {"daily", k1030}};
  EXPECT_EQ(earliest_run(schedules, marks), k1100);
  EXPECT_TRUE(due_schedules(schedules, marks, k1100 - 1).empty());
  EXPECT_EQ(due_schedules(schedules, marks, k1100), (std::vector<std::string>{"hourly"}));
  // A jump of a day: each schedule is due once, whatever it missed.
  EXPECT_EQ(due_schedules(schedules, marks, k1030 + 24 * kHour).size(), 2u);
  EXPECT_TRUE(due_schedules(schedules, {}, k1030 + 24 * kHour).empty()) << "no mark, no run";
}

}  // namespace
}  // namespace drover
