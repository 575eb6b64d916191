// The jobs of the crash tests and what is checked afterwards: a mix of
// short and long, succeeding and failing, quiet and loud jobs, each of
// which appends a line to runs/<job id> every time it runs, so that a
// second run shows. Test-only.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness.h"

namespace drover::testing {

struct PlannedJob {
  long long id = 0;
  int exit_code = 0;
};

// Submits `count` such jobs through `drover run`.
std::vector<PlannedJob> submit_crash_jobs(Harness& harness, int count);

// Every job ends once, completed or failed as planned, with one attempt
// that really ran and one line in its runs file; no job was lost.
void expect_each_ran_once(Harness& harness, const std::vector<PlannedJob>& jobs);

}  // namespace drover::testing
