// The jobs of the crash tests and what is checked afterwards: a mix of
// short and long, succeeding and failing, quiet and loud jobs, each of
// which appends a line to runs/<job id> every time it runs, so that a
// second run shows. Test-only.
#pragma once

#include <filesystem>
#include <functional>
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

// Calls `crash` 20 times, each after a pause drawn from [min_ms, max_ms]
// with `seed`. The pause picks the moment a kill lands (the point of these
// tests: anywhere in a job's life); it synchronises nothing, every check
// afterwards waits for a state.
void crash_at_random_moments(unsigned seed, int min_ms, int max_ms,
                             const std::function<void()>& crash);

// Every job ends once, completed or failed as planned, with one attempt
// that really ran and one line in its runs file; no job was lost.
void expect_each_ran_once(Harness& harness, const std::vector<PlannedJob>& jobs);

}  // namespace drover::testing
