// The job as JSON, exactly as DESIGN.md shows it (`drover show --json`,
// `GET /api/jobs/{id}`), and back (the CLI reads what the daemon sends).
#pragma once

#include "core/job.h"

namespace drover {

enum class JsonDetail { summary, full };  // summary: without history (`ls --json`)

Json job_to_json(const Job& job, JsonDetail detail = JsonDetail::full);
Job job_from_json(const Json& json);

Json progress_to_json(const Progress& progress);
Progress progress_from_json(const Json& json);

Json attempt_to_json(const Attempt& attempt);
Attempt attempt_from_json(const Json& json);

}  // namespace drover
