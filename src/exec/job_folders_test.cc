#include "exec/job_folders.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "os/test_dir.h"

namespace drover {
namespace {

TEST(JobFolders, ATypeFromTheConfigAlwaysGetsThem) {
  TypeConfig type;
  type.command = {"/usr/local/bin/index", "{source}"};
  EXPECT_TRUE(uses_job_folders(type, {"/usr/local/bin/index", "wiki"}));
}

TEST(JobFolders, AnAdHocProgramRunDirectlyGoesWithout) {
  TypeConfig shell = builtin_shell_type();
  EXPECT_FALSE(uses_job_folders(shell, {"/bin/true"}));
  EXPECT_FALSE(uses_job_folders(shell, {"git", "clone", "https://x"}));
}

TEST(JobFolders, AnAdHocCommandThatNamesThemOrRunsAScriptGetsThem) {
  TypeConfig shell = builtin_shell_type();
  EXPECT_TRUE(uses_job_folders(shell, {"cp", "x", "$DROVER_ARTIFACTS/"}));
  EXPECT_TRUE(uses_job_folders(shell, {"sh", "-c", "make"}));
  EXPECT_TRUE(uses_job_folders(shell, {"/usr/bin/python3.11", "job.py"}));
  EXPECT_TRUE(uses_job_folders(shell, {"node18", "job.js"}));
}

TEST(JobFolders, AnAdHocScriptGetsThemAProgramNot) {
  TestDir dir;
  std::ofstream(dir.path() / "job.sh") << "#!/bin/sh\necho \"$DROVER_ARTIFACTS\"\n";
  std::ofstream(dir.path() / "data") << "ELF or anything else";
  TypeConfig shell = builtin_shell_type();
  EXPECT_TRUE(uses_job_folders(shell, {(dir.path() / "job.sh").string()}));
  EXPECT_TRUE(uses_job_folders(shell, {"./job.sh"}, dir.path()));
  EXPECT_FALSE(uses_job_folders(shell, {"./data"}, dir.path()));
  EXPECT_FALSE(uses_job_folders(shell, {"drover-no-such-program"}));
  ASSERT_EQ(::mkfifo((dir.path() / "fifo").c_str(), 0600), 0);
  EXPECT_FALSE(uses_job_folders(shell, {"./fifo"}, dir.path())) << "and it did not block";
}

}  // namespace
}  // namespace drover
