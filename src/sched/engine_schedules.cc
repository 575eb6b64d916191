// Engine: [schedules] — submit a job on a cron schedule. The time of each
// schedule's last run is stored in the same transaction as the job it
// submitted, so a restart never fires a run twice; a run missed while the
// daemon was down fires once at start-up when the schedule says catch_up.
#include <spdlog/spdlog.h>

#include "core/cron.h"
#include "sched/engine.h"

namespace drover {
namespace {

std::string mark_name(const std::string& schedule) { return "schedule:" + schedule; }

}  // namespace

Status Engine::start_schedules() {
  auto marks = m_store.load_marks("schedule:");
  if (!marks) return marks.error();
  Millis now = m_clock.now();
  m_schedule_marks.clear();
  for (const auto& [name, schedule] : m_config.schedules) {
    auto cron = CronExpression::parse(schedule.cron);
    if (!cron) continue;  // the config parser refused it already
    auto mark = marks->find(mark_name(name));
    if (mark == marks->end()) {
      m_schedule_marks[name] = now;  // first sight: no runs from before it existed
      m_commit.batch().marks.emplace_back(mark_name(name), now);
      continue;
    }
    m_schedule_marks[name] = mark->second;
    auto missed = cron->next_after(mark->second);
    if (missed && *missed <= now) {
      if (schedule.catch_up) {
        spdlog::info("schedule {}: catching up the run of {}", name, format_rfc3339(*missed));
        fire_schedule(schedule, now);
      } else {
        spdlog::info("schedule {}: run of {} missed while stopped; catch_up is off", name,
                     format_rfc3339(*missed));
        m_schedule_marks[name] = now;
        m_commit.batch().marks.emplace_back(mark_name(name), now);
      }
    }
  }
  m_commit.request(Durability::full);
  arm_schedules();
  return {};
}

void Engine::arm_schedules() {
  std::optional<Millis> earliest;
  for (const auto& [name, schedule] : m_config.schedules) {
    auto cron = CronExpression::parse(schedule.cron);
    auto mark = m_schedule_marks.find(name);
    if (!cron || mark == m_schedule_marks.end()) continue;
    auto next = cron->next_after(mark->second);
    if (next && (!earliest || *next < *earliest)) earliest = next;
  }
  if (!earliest) return m_schedule_alarm.cancel();
  m_schedule_alarm.set(*earliest, [this] {
    fire_due_schedules();
    arm_schedules();
  });
}

void Engine::fire_due_schedules() {
  Millis now = m_clock.now();
  for (const auto& [name, schedule] : m_config.schedules) {
    auto cron = CronExpression::parse(schedule.cron);
    auto mark = m_schedule_marks.find(name);
    if (!cron || mark == m_schedule_marks.end()) continue;
    auto next = cron->next_after(mark->second);
    if (next && *next <= now) fire_schedule(schedule, now);
  }
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
