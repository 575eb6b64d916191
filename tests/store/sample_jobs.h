// Jobs with every field set, and comparisons that name the field that differs:
// what the conformance suite round-trips through each backend.
#pragma once

#include <vector>

#include "core/job.h"
#include "store/store.h"

namespace drover {

// Attempt number `n` with every field set, including values beyond 32 bits.
Attempt full_attempt(int n);
// `job` with every field set (unicode, nested JSON, negative priority), so a
// column a backend drops shows up.
Job fill_every_field(Job job);
// A batch that writes the job with its attempts and history.
WriteBatch batch_with_history(const Job& job);

void expect_same_attempts(const std::vector<Attempt>& actual, const std::vector<Attempt>& expected);
void expect_same_job(const Job& actual, const Job& expected);

}  // namespace drover
