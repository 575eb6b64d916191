#include "daemon/job_folder_ids.h"

#include <algorithm>
#include <charconv>
#include <system_error>

namespace drover {
namespace {

// "57" is job 57; anything else in jobs/ (a stray file, "57.tmp") is not a job.
JobId job_id_of(const std::string& name) {
  JobId id = 0;
  auto [end, failure] = std::from_chars(name.data(), name.data() + name.size(), id);
  bool whole = failure == std::errc() && end == name.data() + name.size();
  return whole && id > 0 ? id : 0;
}

}  // namespace

Result<JobId> largest_job_folder_id(const std::filesystem::path& jobs_dir) {
  std::error_code error;
  std::filesystem::directory_iterator entries(jobs_dir, error);
  if (error == std::errc::no_such_file_or_directory) return JobId{0};
  JobId largest = 0;
  for (; !error && entries != std::filesystem::directory_iterator(); entries.increment(error)) {
    std::error_code not_a_folder;  // d_type from the listing: no stat per entry
    if (!entries->is_directory(not_a_folder)) continue;
    largest = std::max(largest, job_id_of(entries->path().filename().string()));
  }
  if (error) {
    return make_error(ErrorCode::io,
                      "cannot list the job folders in {}: {}; make the folder readable by this "
                      "user, or choose another --state-dir",
                      jobs_dir.string(), error.message());
  }
  return largest;
}

}  // namespace drover
