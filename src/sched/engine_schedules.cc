// Engine: [schedules] — submit a job on a cron schedule (schedule_book.h
// decides when). The time of each schedule's last run is stored in the same
// transaction as the job it submitted, so a restart never fires a run twice.
#include <spdlog/spdlog.h>

#include "sched/engine.h"
#include "sched/schedule_book.h"

namespace drover {
namespace {

std::string mark_name(const std::string& schedule) { return "schedule:" + schedule; }

}  // namespace

Status Engine::start_schedules() {
  DROVER_TRY(stored, m_store.load_marks("schedule:"));
  Millis now = m_clock.now();
  m_schedule_marks.clear();
  for (const auto& [name, schedule] : m_config.schedules) {
    auto mark = stored->find(mark_name(name));
    std::optional<Millis> last;
    if (mark != stored->end()) last = mark->second;
    ScheduleStart start = start_schedule(schedule, last, now);
    if (start != ScheduleStart::first_sight && start != ScheduleStart::up_to_date) {
      spdlog::info("schedule {}: the run of {} was missed while stopped; {}", name,
                   format_rfc3339(next_run(schedule, *last).value_or(now)),
                   start == ScheduleStart::catch_up ? "it runs now" : "catch_up is off");
    }
    if (start == ScheduleStart::catch_up) {
      m_schedule_marks[name] = *last;
      fire_schedule(schedule, now);
    } else if (start == ScheduleStart::up_to_date) {
      m_schedule_marks[name] = *last;
    } else {
      m_schedule_marks[name] = now;
      m_commit.batch().marks.emplace_back(mark_name(name), now);
    }
  }
  m_commit.request(Durability::full);
  arm_schedules();
  return {};
}

void Engine::arm_schedules() {
  auto earliest = earliest_run(m_config.schedules, m_schedule_marks);
  if (!earliest) return m_schedule_alarm.cancel();
  m_schedule_alarm.set(*earliest, [this] {
    Millis now = m_clock.now();
    for (const std::string& name : due_schedules(m_config.schedules, m_schedule_marks, now)) {
      fire_schedule(m_config.schedules.at(name), now);
    }
    arm_schedules();
  });
}

// Submits the schedule's job and moves its mark in the same batch.
void Engine::fire_schedule(const ScheduleConfig& schedule, Millis now) {
  m_schedule_marks[schedule.name] = now;
  m_commit.batch().marks.emplace_back(mark_name(schedule.name), now);
  SubmitRequest request;
  request.type = schedule.type;
  request.params = schedule.params;
  submit(std::move(request), [name = schedule.name](Result<Job> job) {
    if (!job) return spdlog::warn("schedule {}: not submitted: {}", name, job.error().message);
    spdlog::info("schedule {}: submitted job {}{}", name, job->id,
                 job->deduplicated ? " (the same work was already queued)" : "");
  });
}

}  // namespace drover
