#include "os/reserved_file.h"

#include <gtest/gtest.h>

#include "os/test_dir.h"

namespace drover {
namespace {

TEST(ReservedFile, IsBlankUntilARecordIsWrittenInPlace) {
  TestDir dir;
  auto path = dir.path() / "exit.record";
  auto file = reserve_file(path, 64);
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(std::filesystem::file_size(path), 64u);
  EXPECT_TRUE(is_blank(*read_file(path)));
  ASSERT_TRUE(write_reserved(file->get(), 0, 64, R"({"exit_code":7})").ok());
  std::string content = *read_file(path);
  EXPECT_EQ(content.size(), 64u) << "the record must not grow the file";
  EXPECT_EQ(content.rfind(R"({"exit_code":7})", 0), 0u);
  EXPECT_FALSE(is_blank(content));
}

TEST(ReservedFile, ARecordLargerThanTheReservationIsRefused) {
  TestDir dir;
  auto file = reserve_file(dir.path() / "exit.record", 8);
  ASSERT_TRUE(file.ok());
  Status written = write_reserved(file->get(), 0, 8, "0123456789");
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.error().message.find("does not fit"), std::string::npos);
}

TEST(ReservedFile, AvailableBytesReadsTheFileSystem) {
  TestDir dir;
  auto room = available_bytes(dir.path());
  ASSERT_TRUE(room.ok()) << room.error().message;
  EXPECT_FALSE(available_bytes(dir.path() / "missing").ok());
}

}  // namespace
}  // namespace drover
