#include "os/cgroup_root.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(CgroupRoot, FindsTheUnifiedMountOnAHybridHost) {
  std::string mountinfo =
      "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
      "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw\n";
  EXPECT_EQ(find_cgroup2_mount(mountinfo), std::filesystem::path("/sys/fs/cgroup/unified"));
}

TEST(CgroupRoot, UnescapesBlanksInTheMountPoint) {
  std::string mountinfo = "40 30 0:37 / /mnt/my\\040cgroups rw - cgroup2 none rw\n";
  EXPECT_EQ(find_cgroup2_mount(mountinfo), std::filesystem::path("/mnt/my cgroups"));
}

TEST(CgroupRoot, NoCgroup2MountIsNone) {
  EXPECT_EQ(find_cgroup2_mount("31 30 0:28 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n"),
            std::nullopt);
}

TEST(CgroupRoot, ReadsTheUnifiedLineOfProcCgroup) {
  EXPECT_EQ(parse_unified_cgroup("4:memory:/x\n0::/system.slice/drover.service\n"),
            "/system.slice/drover.service");
  EXPECT_EQ(parse_unified_cgroup("4:memory:/x\n1:cpu:/\n"), std::nullopt);
}

}  // namespace
}  // namespace drover
