// Runs against the host's real cgroup v2 hierarchy; skipped (with the
// reason) where this user cannot create cgroups there.
#include "os/cgroup.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "os/cgroup_root.h"
#include "os/process.h"

namespace drover {
namespace {

class CgroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto root = prepare_cgroup_root("drover-unit-test-" + std::to_string(::getpid()));
    if (!root) GTEST_SKIP() << "cgroups not usable here: " << root.error().message;
    m_root = root->path;
  }
  void TearDown() override {
    if (!m_root.empty()) (void)Cgroup(m_root).remove();
  }
  std::filesystem::path m_root;
};

TEST_F(CgroupTest, KillAllReachesAProcessThatLeftItsSession) {
  auto group = Cgroup::create(m_root / "attempt");
  ASSERT_TRUE(group) << group.error().message;
  // A child of ours placed in the cgroup; setsid would not take it out.
  SpawnOptions options;
  options.argv = {"sleep", "60"};
  options.new_session = true;
  auto pid = spawn_process(options);
  ASSERT_TRUE(pid) << pid.error().message;
  ASSERT_TRUE(group->add_process(*pid)) << "cannot move the sleeper";
  auto inside = group->process_ids();
  ASSERT_TRUE(inside);
  EXPECT_EQ(*inside, std::vector<int>{*pid});
  EXPECT_TRUE(group->populated());

  auto killed = group->kill_all();
  ASSERT_TRUE(killed) << killed.error().message;
  EXPECT_EQ(*killed, 1u);
  auto status = wait_for_exit(*pid);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->signal, SIGKILL);
  EXPECT_TRUE(group->wait_until_empty(std::chrono::seconds(10)));
  EXPECT_TRUE(group->remove());
  EXPECT_FALSE(std::filesystem::exists(group->path()));
}

TEST_F(CgroupTest, RemovingAGoneCgroupIsNotAnError) {
  EXPECT_TRUE(Cgroup(m_root / "never-made").remove());
}

TEST_F(CgroupTest, AControllerTheParentDidNotEnableIsNotOffered) {
  auto group = Cgroup::create(m_root / "limits");
  ASSERT_TRUE(group);
  EXPECT_FALSE(group->has_controller("no-such-controller"));
  EXPECT_TRUE(group->remove());
}

}  // namespace
}  // namespace drover
