// Job ids already taken on disk: a database that was moved aside (or lost)
// leaves its jobs/<id>/ folders behind, and a new database must not hand
// those ids out again (the new job would find an old attempt folder and its
// log). Reads directory names only, once at start-up.
#pragma once

#include <filesystem>

#include "core/job.h"
#include "core/result.h"

namespace drover {

// The largest id among the folders of `jobs_dir` named by a whole number;
// 0 when there is none or no such folder.
Result<JobId> largest_job_folder_id(const std::filesystem::path& jobs_dir);

}  // namespace drover
