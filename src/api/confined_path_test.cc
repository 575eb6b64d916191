#include "api/confined_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "os/test_dir.h"

namespace drover {
namespace {

std::string content(const UniqueFd& fd) {
  std::string text(64, '\0');
  auto got = read_some_at(fd.get(), 0, text);
  text.resize(got ? got->bytes : 0);
  return text;
}

class ConfinedPath : public ::testing::Test {
 protected:
  void SetUp() override {
    folder = dir.path() / "jobs" / "7" / "artifacts";
    std::filesystem::create_directories(folder / "sub");
    std::ofstream(folder / "report.txt") << "ok";
    std::ofstream(folder / "sub" / "deep.json") << "{}";
    std::ofstream(dir.path() / "secret") << "no";
    root = ConfinedRoot::of(folder);
  }
  Result<UniqueFd> open(std::string_view relative) const { return open_confined(root, relative); }

  TestDir dir;
  std::filesystem::path folder;
  ConfinedRoot root;
};

TEST_F(ConfinedPath, OpensFilesInsideTheFolder) {
  EXPECT_EQ(root.below, "7/artifacts");
  auto found = open("sub/deep.json");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(content(*found), "{}");
  EXPECT_EQ(content(*open("report.txt")), "ok");
}

TEST_F(ConfinedPath, RefusesDotDotAbsoluteAndNul) {
  for (std::string_view bad : {"../secret", "sub/../../secret", "..", "/etc/passwd", ""}) {
    auto found = open(bad);
    ASSERT_FALSE(found) << bad;
    EXPECT_EQ(found.error().code, ErrorCode::invalid) << bad;
  }
  EXPECT_FALSE(open(std::string_view("report.txt\0x", 12)));
}

TEST_F(ConfinedPath, ALinkIsRefusedAndNamedEvenWhenItStaysInside) {
  std::filesystem::create_symlink(dir.path() / "secret", folder / "escape");
  std::filesystem::create_directory_symlink(dir.path(), folder / "up");
  std::filesystem::create_symlink("report.txt", folder / "alias");
  for (std::string_view bad : {"escape", "up/secret", "alias"}) {
    auto found = open(bad);
    ASSERT_FALSE(found) << bad;
    EXPECT_EQ(found.error().code, ErrorCode::conflict) << bad;
    std::string link(bad.substr(0, bad.find('/')));
    EXPECT_EQ(found.error().message,
              "artifacts/" + link + " is a symbolic link; drover does not follow links a job made");
  }
}

TEST_F(ConfinedPath, AFolderReplacedByALinkIsRefused) {
  std::filesystem::rename(folder, dir.path() / "elsewhere");
  std::filesystem::create_directory_symlink(dir.path() / "elsewhere", folder);
  EXPECT_EQ(open("report.txt").error().code, ErrorCode::conflict);
  auto opened = root.open();
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message,
            "artifacts is a symbolic link; drover does not follow links a job made");
}

TEST_F(ConfinedPath, MissingFilesFoldersAndPipesAreNotFound) {
  ASSERT_EQ(::mkfifo((folder / "pipe").c_str(), 0600), 0);
  EXPECT_EQ(open("nope").error().code, ErrorCode::not_found);
  EXPECT_EQ(open("sub").error().code, ErrorCode::not_found);
  EXPECT_EQ(open("pipe").error().code, ErrorCode::not_found);  // and at once: no writer needed
  EXPECT_EQ(
      open_confined(ConfinedRoot::of(dir.path() / "jobs" / "8" / "artifacts"), "x").error().code,
      ErrorCode::not_found);
}

}  // namespace
}  // namespace drover
