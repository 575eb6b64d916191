#include "os/open_beneath.h"

#include <fcntl.h>

#include <fstream>

#include <gtest/gtest.h>

#include "os/test_dir.h"

namespace drover {
namespace {

using OpenFunction = Result<UniqueFd> (*)(int, std::string_view, int);

// Both ways must refuse the same paths: openat2, and the fallback for
// kernels without it.
class OpenBeneath : public ::testing::TestWithParam<OpenFunction> {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir.path() / "base" / "a" / "b");
    std::ofstream(dir.path() / "base" / "a" / "b" / "file") << "data";
    std::ofstream(dir.path() / "outside") << "secret";
    auto opened = open_file(dir.path() / "base", O_RDONLY | O_DIRECTORY);
    ASSERT_TRUE(opened);
    base = std::move(*opened);
  }
  Result<UniqueFd> open(std::string_view relative, int flags = O_RDONLY) {
    return GetParam()(base.get(), relative, flags);
  }
  void link(const std::filesystem::path& target, const std::string& name) {
    std::filesystem::create_symlink(target, dir.path() / "base" / name);
  }

  TestDir dir;
  UniqueFd base;
};

TEST_P(OpenBeneath, OpensAFileBelowTheFolder) {
  EXPECT_TRUE(open("a/b/file"));
  EXPECT_TRUE(open("./a//b/file"));
  EXPECT_TRUE(open("a/b", O_RDONLY | O_DIRECTORY));
}

TEST_P(OpenBeneath, RefusesALinkAnywhereOnThePathAndNamesIt) {
  link(dir.path() / "outside", "a/b/out");
  link("file", "a/b/same");
  link(dir.path(), "a/up");
  for (auto [path, named] : std::vector<std::pair<std::string, std::string>>{
           {"a/b/out", "a/b/out"}, {"a/b/same", "a/b/same"}, {"a/up/outside", "a/up"}}) {
    auto opened = open(path);
    ASSERT_FALSE(opened) << path;
    EXPECT_EQ(opened.error().code, ErrorCode::conflict) << path;
    EXPECT_EQ(opened.error().message,
              named + " is a symbolic link; drover does not follow links a job made");
  }
}

TEST_P(OpenBeneath, RefusesDotDotAndAbsolutePaths) {
  for (std::string_view path : {"../outside", "a/../../outside", "/etc/passwd", ""}) {
    auto opened = open(path);
    ASSERT_FALSE(opened) << path;
    EXPECT_EQ(opened.error().code, ErrorCode::invalid) << path;
  }
}

TEST_P(OpenBeneath, AMissingFileIsNotFound) {
  EXPECT_EQ(open("a/none").error().code, ErrorCode::not_found);
  EXPECT_EQ(open("none/file").error().code, ErrorCode::not_found);
}

// Named, so that test names do not carry a function's address.
INSTANTIATE_TEST_SUITE_P(Ways, OpenBeneath,
                         ::testing::Values(&open_beneath, &open_beneath_by_components),
                         [](const ::testing::TestParamInfo<OpenFunction>& info) {
                           return info.param == &open_beneath ? "Openat2" : "ByComponents";
                         });

}  // namespace
}  // namespace drover
