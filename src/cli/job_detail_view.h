// `drover show ID`: everything about one job as a readable block — id, type,
// state and why, params, key, queue, times, progress, failed items,
// checkpoint, result, error, then its attempts and its history as tables.
#pragma once

#include <string>

#include "cli/job_list_view.h"
#include "core/job.h"

namespace drover::cli {

std::string render_job_detail(const Job& job, const ViewOptions& view);

}  // namespace drover::cli
