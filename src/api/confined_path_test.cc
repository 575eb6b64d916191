#include "api/confined_path.h"

#include <fstream>

#include <gtest/gtest.h>

#include "os/test_dir.h"

namespace drover {
namespace {

class ConfinedPath : public ::testing::Test {
 protected:
  void SetUp() override {
    root = dir.path() / "artifacts";
    std::filesystem::create_directories(root / "sub");
    std::ofstream(root / "report.txt") << "ok";
    std::ofstream(root / "sub" / "deep.json") << "{}";
    std::ofstream(dir.path() / "secret") << "no";
  }
  TestDir dir;
  std::filesystem::path root;
};

TEST_F(ConfinedPath, FindsFilesInsideTheFolder) {
  auto found = resolve_confined(root, "sub/deep.json");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->filename(), "deep.json");
  EXPECT_TRUE(resolve_confined(root, "report.txt"));
}

TEST_F(ConfinedPath, RefusesDotDotAbsoluteAndNul) {
  for (std::string_view bad : {"../secret", "sub/../../secret", "..", "/etc/passwd", ""}) {
    auto found = resolve_confined(root, bad);
    ASSERT_FALSE(found) << bad;
    EXPECT_EQ(found.error().code, ErrorCode::invalid) << bad;
  }
  EXPECT_FALSE(resolve_confined(root, std::string_view("report.txt\0x", 12)));
}

TEST_F(ConfinedPath, SymlinkOutsideIsNotFound) {
  std::filesystem::create_symlink(dir.path() / "secret", root / "escape");
  std::filesystem::create_directory_symlink(dir.path(), root / "up");
  for (std::string_view bad : {"escape", "up/secret"}) {
    auto found = resolve_confined(root, bad);
    ASSERT_FALSE(found) << bad;
    EXPECT_EQ(found.error().code, ErrorCode::not_found) << bad;
  }
}

TEST_F(ConfinedPath, MissingFilesDirectoriesAndMissingRootAreNotFound) {
  EXPECT_EQ(resolve_confined(root, "nope").error().code, ErrorCode::not_found);
  EXPECT_EQ(resolve_confined(root, "sub").error().code, ErrorCode::not_found);
  EXPECT_EQ(resolve_confined(dir.path() / "none", "x").error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace drover
