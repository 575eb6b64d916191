#include "daemon/job_folder_ids.h"

#include <fstream>

#include <gtest/gtest.h>

#include "os/test_dir.h"

namespace drover {
namespace {

TEST(JobFolderIds, TheLargestNumberedFolderCountsAndNothingElse) {
  TestDir dir;
  std::filesystem::path jobs = dir.path() / "jobs";
  EXPECT_EQ(*largest_job_folder_id(jobs), 0);  // no jobs/ yet
  for (const char* name : {"3", "12", "9", "12.tmp", "x", "-40"}) {
    std::filesystem::create_directories(jobs / name);
  }
  std::filesystem::create_directories(jobs / "99999999999999999999999");  // beyond any id
  std::ofstream(jobs / "77") << "a file, not a job folder\n";
  Result<JobId> largest = largest_job_folder_id(jobs);
  ASSERT_TRUE(largest.ok()) << largest.error().message;
  EXPECT_EQ(*largest, 12);
}

}  // namespace
}  // namespace drover
