// `drover ls`: one line per job, the table of DESIGN.md with the params
// that tell jobs of one type apart (params_summary.h):
//   ID  TYPE         PARAMS    STATE    PROGRESS       ITEM                         RATE   ...
//   12  clone-repos  org=apo   running  154/245 (63%)  infrastructure-apo-platform  0.1/s  ...
//   9   import       repo=app  paused   1234/10000     rate limited, resumes 11:00
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "cli/params_summary.h"
#include "core/clock.h"
#include "core/job.h"

namespace drover::cli {

// What every view needs to know about where it is drawn; `now` is passed in
// so that renderings are testable.
struct ViewOptions {
  Millis now = 0;
  bool color = false;
  std::size_t width = 0;  // terminal width; 0 when not a terminal
};

class Table;
// A table drawn for this view: cut to the terminal's width, colored on a TTY.
std::string render_table(const Table& table, const ViewOptions& view);

// The ITEM column: the current item of a running job, why a queued job
// waits, why a paused job paused and when it resumes, why a job failed.
std::string job_item_text(const Job& job, Millis now);

// Why a queued job waits, its times as people read them: the daemon's
// "delayed until 2026-11-24T19:14:00.000Z" becomes "delayed until 19:14
// (in 30 min)"; other reasons as they are.
std::string wait_reason_text(const Job& job, Millis now);

// `types` orders each job's params as drover.toml declares them.
std::string render_job_list(const std::vector<Job>& jobs, const ViewOptions& view,
                            const TypeCatalog& types = {});

}  // namespace drover::cli
