// When cron schedules fire. Each schedule has a mark, the time of its last
// run (stored, so a restart never fires a run twice); it fires once the
// clock passes the first cron time after its mark, and its mark moves to
// that moment. So a clock that jumps forward past many cron times fires
// one run, and one that jumps back fires nothing twice. At start-up a run
// missed while the daemon was down fires once when the schedule says
// catch_up, and is skipped (the mark moves to now) otherwise.
//
// Pure; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/config.h"

namespace drover {

using ScheduleMarks = std::map<std::string, Millis>;  // schedule -> its last run

enum class ScheduleStart {
  first_sight,  // new: its mark is now, no runs from before it existed
  up_to_date,   // nothing was missed
  catch_up,     // a run was missed and fires now
  skip_missed,  // a run was missed and is skipped: the mark moves to now
};

// What a schedule does at start-up, given its stored mark (none: never seen).
ScheduleStart start_schedule(const ScheduleConfig& schedule, std::optional<Millis> mark,
                             Millis now);

// The first cron time after `mark`; none for an expression that never fires.
std::optional<Millis> next_run(const ScheduleConfig& schedule, Millis mark);

// The earliest next run of all the schedules that have a mark.
std::optional<Millis> earliest_run(const std::map<std::string, ScheduleConfig>& schedules,
                                   const ScheduleMarks& marks);

// The schedules whose next run is at or before `now`.
std::vector<std::string> due_schedules(const std::map<std::string, ScheduleConfig>& schedules,
                                       const ScheduleMarks& marks, Millis now);

}  // namespace drover
