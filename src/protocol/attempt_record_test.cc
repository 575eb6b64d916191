#include "protocol/attempt_record.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

ShimClaim sample_claim() {
  ShimClaim claim;
  claim.shim_pid = 4242;
  claim.shim_start_ticks = 99;
  claim.boot_id = "boot";
  claim.token = "tok-3-1";
  claim.grace = 1500;
  claim.cgroup = "/sys/fs/cgroup/drover-1/job-3-1";
  return claim;
}

ShimExit sample_exit(bool drained) {
  ShimExit exit;
  exit.token = "tok-3-1";
  exit.exit_code = 7;
  exit.ended_at = 1'700'000'000'000;
  exit.log_bytes = 12;
  exit.drained = drained;
  return exit;
}

// What the shim does with the record: writes `json` over `slot`, in place.
void write_slot(std::string& record, RecordSlot slot, const std::string& json) {
  record.replace(slot.offset, slot.size, *format_slot(slot, json));
}

TEST(AttemptRecord, ANewRecordHoldsTheClaimAndReservesRoomForTheRest) {
  std::string record = *format_new_record(sample_claim());
  EXPECT_EQ(record.size(), kRecordSize);
  auto claim = parse_record_claim(record);
  ASSERT_TRUE(claim.ok()) << claim.error().message;
  EXPECT_EQ(claim->shim_pid, 4242);
  EXPECT_EQ(claim->token, "tok-3-1");
  EXPECT_EQ(claim->grace, 1500);
  EXPECT_EQ(claim->cgroup, "/sys/fs/cgroup/drover-1/job-3-1");
  EXPECT_FALSE(claim->job_pid);
  EXPECT_EQ(parse_record_exit(record).error().code, ErrorCode::not_found);
}

TEST(AttemptRecord, TheJobsPidAndItsExitAreWrittenInPlace) {
  std::string record = *format_new_record(sample_claim());
  ShimClaim started = sample_claim();
  started.job_pid = 4300;
  started.job_start_ticks = 120;
  write_slot(record, kStartSlot, format_job_start(started));
  write_slot(record, kExitSlot, format_exit(sample_exit(false)));
  write_slot(record, kExitSlot, format_exit(sample_exit(true)));  // the drained one supersedes
  EXPECT_EQ(record.size(), kRecordSize) << "nothing grows the record";
  auto claim = parse_record_claim(record);
  ASSERT_TRUE(claim.ok());
  EXPECT_EQ(claim->job_pid, 4300);
  EXPECT_EQ(claim->job_start_ticks, 120u);
  auto exit = parse_record_exit(record);
  ASSERT_TRUE(exit.ok()) << exit.error().message;
  EXPECT_EQ(exit->exit_code, 7);
  EXPECT_TRUE(exit->drained);
}

TEST(AttemptRecord, ATornExitLeavesTheClaimReadable) {
  std::string record = *format_new_record(sample_claim());
  std::string exit = format_exit(sample_exit(true));
  // A crash in the middle of the exit's write: half of it reached the file.
  record.replace(kExitSlot.offset, exit.size() / 2, exit.substr(0, exit.size() / 2));
  auto claim = parse_record_claim(record);
  ASSERT_TRUE(claim.ok()) << claim.error().message;
  EXPECT_EQ(claim->token, "tok-3-1");
  auto torn = parse_record_exit(record);
  ASSERT_FALSE(torn.ok());
  EXPECT_NE(torn.error().code, ErrorCode::not_found)
      << "an exit was written: it must not look absent";
}

TEST(AttemptRecord, ATornStartSlotCountsAsNotStarted) {
  std::string record = *format_new_record(sample_claim());
  record.replace(kStartSlot.offset, 10, R"({"job_pid")");
  auto claim = parse_record_claim(record);
  ASSERT_TRUE(claim.ok()) << claim.error().message;
  EXPECT_FALSE(claim->job_pid);
}

TEST(AttemptRecord, AnAbandonedClaimIsTheClaimSlotAlone) {
  ShimClaim abandoned;
  abandoned.token = "tok-3-1";
  abandoned.abandoned = true;
  std::string record = *format_new_record(abandoned, false);
  EXPECT_EQ(record.size(), kClaimSlot.size);
  auto claim = parse_record_claim(record);
  ASSERT_TRUE(claim.ok());
  EXPECT_TRUE(claim->abandoned);
  EXPECT_EQ(parse_record_exit(record).error().code, ErrorCode::not_found);
}

TEST(AttemptRecord, AnEmptyRecordHoldsNoClaim) {
  EXPECT_EQ(parse_record_claim("").error().code, ErrorCode::not_found);
  EXPECT_EQ(parse_record_claim(std::string(kRecordSize, ' ')).error().code, ErrorCode::not_found);
}

TEST(AttemptRecord, ASlotTooSmallIsRefused) {
  EXPECT_FALSE(format_slot(kStartSlot, std::string(kStartSlot.size, 'x')).ok());
  ShimClaim claim = sample_claim();
  claim.cgroup = std::string(kClaimSlot.size, 'c');
  EXPECT_FALSE(format_new_record(claim).ok());
}

}  // namespace
}  // namespace drover
