#include "os/atomic_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "os/fd.h"
#include "os/test_dir.h"

namespace drover {
namespace {

TEST(AtomicFile, WritesAndReplacesWholeFiles) {
  TestDir dir;
  auto path = dir.path() / "exit.json";
  ASSERT_TRUE(write_file_atomically(path, "first").ok());
  ASSERT_TRUE(write_file_atomically(path, "second").ok());
  EXPECT_EQ(*read_file(path), "second");
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFile, ExclusiveCreationHasOneWinner) {
  TestDir dir;
  auto path = dir.path() / "shim.json";
  ASSERT_TRUE(create_file_exclusively(path, "shim").ok());
  Status second = create_file_exclusively(path, "daemon");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::conflict);
  EXPECT_EQ(*read_file(path), "shim");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFile, AnExclusiveFileStaysOpenForWritingInPlace) {
  TestDir dir;
  auto path = dir.path() / "attempt.record";
  auto file = create_open_exclusively(path, "claim     ");
  ASSERT_TRUE(file.ok()) << file.error().message;
  ASSERT_EQ(::pwrite(file->get(), "exit", 4, 6), 4);
  EXPECT_EQ(*read_file(path), "claim exit");
  auto second = create_open_exclusively(path, "other");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::conflict);
  // Nothing but the file: no temporary name was made, so none is deleted.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFile, MissingFolderIsAnErrorThatNamesThePath) {
  Status written = write_file_atomically("/nonexistent-drover/x.json", "x");
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.error().message.find("/nonexistent-drover/x.json"), std::string::npos);
}

TEST(ReadFile, MissingFileIsNotFound) {
  auto content = read_file("/nonexistent-drover/x.json");
  ASSERT_FALSE(content.ok());
  EXPECT_EQ(content.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace drover
