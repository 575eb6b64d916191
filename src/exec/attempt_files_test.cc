#include "exec/attempt_files.h"

#include <gtest/gtest.h>

#include "os/atomic_file.h"
#include "os/fd.h"
#include "os/reserved_file.h"
#include "os/test_dir.h"

namespace drover {
namespace {

ShimClaim claim_of(const std::string& token) {
  ShimClaim claim;
  claim.shim_pid = 10;
  claim.token = token;
  return claim;
}

ShimExit exit_of(const std::string& token, int code) {
  ShimExit exit;
  exit.token = token;
  exit.exit_code = code;
  exit.drained = true;
  return exit;
}

// The record as a shim leaves it: claimed, then the exit written in place.
void write_record(const std::filesystem::path& dir, const std::string& exit_json) {
  auto record = create_open_exclusively(dir / kRecordFile, *format_new_record(claim_of("tok")));
  ASSERT_TRUE(record.ok()) << record.error().message;
  if (exit_json.empty()) return;
  std::string slot = *format_slot(kExitSlot, exit_json);
  ASSERT_TRUE(write_reserved(record->get(), kExitSlot.offset, kExitSlot.size, slot, true).ok());
}

TEST(AttemptFiles, AClaimedAttemptHasNoExitUntilTheShimRecordsIt) {
  TestDir dir;
  write_record(dir.path(), "");
  EXPECT_EQ(read_claim(dir.path())->token, "tok");
  EXPECT_EQ(read_exit(dir.path()).error().code, ErrorCode::not_found);
  EXPECT_FALSE(has_exit(dir.path()));
}

TEST(AttemptFiles, TheExitIsReadFromTheRecord) {
  TestDir dir;
  write_record(dir.path(), format_exit(exit_of("tok", 3)));
  auto exit = read_exit(dir.path());
  ASSERT_TRUE(exit.ok()) << exit.error().message;
  EXPECT_EQ(exit->exit_code, 3);
  EXPECT_EQ(std::filesystem::file_size(dir.path() / kRecordFile), kRecordSize);
}

TEST(AttemptFiles, ExitJsonWrittenWhenTheRecordCouldNotBeIsReadFirst) {
  TestDir dir;
  write_record(dir.path(), "");
  ASSERT_TRUE(write_file_atomically(dir.path() / kExitFile, format_exit(exit_of("tok", 5))).ok());
  EXPECT_EQ(read_exit(dir.path())->exit_code, 5);
}

TEST(AttemptFiles, ATornExitCountsAsAnExitThatCannotBeRead) {
  TestDir dir;
  std::string exit = format_exit(exit_of("tok", 3));
  write_record(dir.path(), exit.substr(0, exit.size() / 2));
  EXPECT_TRUE(read_claim(dir.path()).ok()) << "the claim is in a slot of its own";
  EXPECT_EQ(read_exit(dir.path()).error().code, ErrorCode::io);
  EXPECT_TRUE(has_exit(dir.path()));
}

TEST(AttemptFiles, AnAttemptIsAbandonedOnlyWhenNobodyClaimedIt) {
  TestDir dir;
  write_record(dir.path(), "");
  Status abandoned = abandon_attempt(dir.path(), "tok");
  ASSERT_FALSE(abandoned.ok());
  EXPECT_EQ(abandoned.error().code, ErrorCode::conflict);
  EXPECT_FALSE(read_claim(dir.path())->abandoned);
}

}  // namespace
}  // namespace drover
