#include "exec/progress_history.h"

#include <fstream>

#include <gtest/gtest.h>

#include "os/test_dir.h"
#include "protocol/event_record.h"

namespace drover {
namespace {

std::string progress(Millis at, std::int64_t current, std::optional<std::int64_t> total = {}) {
  JobEvent event;
  event.kind = EventKind::progress;
  event.at = at;
  event.current = current;
  event.total = total;
  return format_event_record(event);
}

std::string total(Millis at, std::int64_t value) {
  JobEvent event;
  event.kind = EventKind::total;
  event.at = at;
  event.total = value;
  return format_event_record(event);
}

std::string message(Millis at, const std::string& text) {
  JobEvent event;
  event.kind = EventKind::message;
  event.at = at;
  event.text = text;
  return format_event_record(event);
}

class ProgressHistoryTest : public ::testing::Test {
 protected:
  void write(const std::string& text) { std::ofstream(file(), std::ios::binary) << text; }
  std::filesystem::path file() const { return m_dir.path() / "events.jsonl"; }

 private:
  TestDir m_dir;
};

TEST_F(ProgressHistoryTest, NoFileYetMeansNoPoints) {
  EXPECT_TRUE(read_progress_history(file(), 100).empty());
}

TEST_F(ProgressHistoryTest, ReadsProgressCarryingTheTotalAndSkipsOtherLines) {
  write(total(1000, 50) + message(1500, "warming up") + progress(2000, 10) + "not json\n" +
        progress(3000, 25) + progress(4000, 60, 120) + progress(5000, 61).substr(0, 12));
  std::vector<ProgressPoint> expected{{2000, 10, 50}, {3000, 25, 50}, {4000, 60, 120}};
  EXPECT_EQ(read_progress_history(file(), 100), expected);
}

TEST_F(ProgressHistoryTest, ManyPointsAreThinnedKeepingTheFirstAndTheLast) {
  std::string text;
  for (int i = 1; i <= 1000; ++i) text += progress(i * 10, i, 1000);
  write(text);
  auto points = read_progress_history(file(), 50);
  ASSERT_EQ(points.size(), 50u);
  EXPECT_EQ(points.front(), (ProgressPoint{10, 1, 1000}));
  EXPECT_EQ(points.back(), (ProgressPoint{10000, 1000, 1000}));
  for (std::size_t i = 1; i < points.size(); ++i) EXPECT_LT(points[i - 1].at, points[i].at);
}

TEST_F(ProgressHistoryTest, ABigFileIsSampledNotReadWhole) {
  std::string text = total(0, 100000);
  for (int i = 1; i <= 100000; ++i) text += progress(i, i);
  ASSERT_GT(text.size(), 1u << 20);
  write(text);
  auto points = read_progress_history(file(), 100);
  ASSERT_GE(points.size(), 90u);
  ASSERT_LE(points.size(), 100u);
  EXPECT_LT(points.front().current, 100);
  EXPECT_EQ(points.back(), (ProgressPoint{100000, 100000, 100000}));
  for (std::size_t i = 1; i < points.size(); ++i) {
    EXPECT_LT(points[i - 1].current, points[i].current);
    EXPECT_EQ(points[i].total, 100000) << "the total said before a window carries into it";
  }
}

}  // namespace
}  // namespace drover
