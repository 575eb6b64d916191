#include "sched/schedule_book.h"

#include "core/cron.h"

namespace drover {

std::optional<Millis> next_run(const ScheduleConfig& schedule, Millis mark) {
  auto cron = CronExpression::parse(schedule.cron);
  if (!cron) return std::nullopt;  // the config parser refused it already
  return cron->next_after(mark);
}

ScheduleStart start_schedule(const ScheduleConfig& schedule, std::optional<Millis> mark,
                             Millis now) {
  if (!mark) return ScheduleStart::first_sight;
  auto missed = next_run(schedule, *mark);
  if (!missed || *missed > now) return ScheduleStart::up_to_date;
  return schedule.catch_up ? ScheduleStart::catch_up : ScheduleStart::skip_missed;
}

std::optional<Millis> earliest_run(const std::map<std::string, ScheduleConfig>& schedules,
                                   const ScheduleMarks& marks) {
  std::optional<Millis> earliest;
  for (const auto& [name, schedule] : schedules) {
    auto mark = marks.find(name);
    if (mark == marks.end()) continue;
    auto next = next_run(schedule, mark->second);
    if (next && (!earliest || *next < *earliest)) earliest = next;
  }
  return earliest;
}

std::vector<std::string> due_schedules(const std::map<std::string, ScheduleConfig>& schedules,
                                       const ScheduleMarks& marks, Millis now) {
  std::vector<std::string> due;
  for (const auto& [name, schedule] : schedules) {
    auto mark = marks.find(name);
    if (mark == marks.end()) continue;
    auto next = next_run(schedule, mark->second);
    if (next && *next <= now) due.push_back(name);
  }
  return due;
}

}  // namespace drover
