#include "exec/event_tail.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include "exec/attempt_files.h"
#include "os/test_dir.h"
#include "protocol/event_record.h"

namespace drover {
namespace {

std::string record(std::int64_t seq) {
  JobEvent event;
  event.kind = EventKind::progress;
  event.seq = seq;
  event.current = seq;
  return format_event_record(event);
}

class EventTailTest : public ::testing::Test {
 protected:
  void append(const std::string& text) {
    auto file = open_file(path(), O_WRONLY | O_CREAT | O_APPEND);
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE(write_all(file->get(), text).ok());
  }
  std::filesystem::path path() const { return m_dir.path() / "events.jsonl"; }

  std::vector<std::string> warnings;
  EventTail::Warn warn = [this](const std::string& message) { warnings.push_back(message); };

 private:
  TestDir m_dir;
};

TEST_F(EventTailTest, AMissingFileHasNoEventsYet) {
  EventTail tail(path(), 0);
  EXPECT_TRUE(tail.read_new(warn).empty());
  EXPECT_TRUE(warnings.empty());
}

TEST_F(EventTailTest, ReturnsOnlyCompleteNewRecords) {
  EventTail tail(path(), 0);
  std::string second = record(2);
  append(record(1) + second.substr(0, 10));
  auto first_batch = tail.read_new(warn);
  ASSERT_EQ(first_batch.size(), 1u);
  EXPECT_EQ(first_batch[0].seq, 1);
  EXPECT_TRUE(tail.read_new(warn).empty());
  append(second.substr(10) + record(3));
  auto second_batch = tail.read_new(warn);
  ASSERT_EQ(second_batch.size(), 2u);
  EXPECT_EQ(second_batch[0].current, 2);
  EXPECT_EQ(second_batch[1].seq, 3);
  EXPECT_EQ(tail.last_seq(), 3);
}

TEST_F(EventTailTest, SkipsEventsAlreadyApplied) {
  append(record(1) + record(2) + record(3));
  EventTail tail(path(), 2);
  auto events = tail.read_new(warn);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].seq, 3);
}

TEST_F(EventTailTest, AMalformedRecordIsReportedAndSkipped) {
  append(record(1) + "{not json\n" + record(2));
  EventTail tail(path(), 0);
  EXPECT_EQ(tail.read_new(warn).size(), 2u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("events.jsonl"), std::string::npos);
}

TEST(AttemptFiles, AnAttemptIsAbandonedOnlyWhenNobodyClaimedIt) {
  TestDir dir;
  EXPECT_EQ(read_claim(dir.path()).error().code, ErrorCode::not_found);
  ASSERT_TRUE(abandon_attempt(dir.path(), "tok").ok());
  auto claim = read_claim(dir.path());
  ASSERT_TRUE(claim.ok());
  EXPECT_TRUE(claim->abandoned);
  EXPECT_EQ(claim->token, "tok");
  Status again = abandon_attempt(dir.path(), "tok");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(read_exit(dir.path()).error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace drover
