#include "shim/output_log.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include "os/test_dir.h"

namespace drover {
namespace {

constexpr Millis kAt = 1'795'948'200'123;  // 2026-11-29T10:30:00.123Z

class OutputLogTest : public ::testing::Test {
 protected:
  OutputLog open_log(std::uint64_t max_bytes) {
    auto file = open_file(path(), O_WRONLY | O_CREAT | O_APPEND);
    EXPECT_TRUE(file.ok());
    OutputLog log(std::move(*file), max_bytes, 1024);
    log.set_time(kAt);
    return log;
  }
  std::filesystem::path path() const { return m_dir.path() / "output.log"; }
  std::string content() const { return *read_file(path()); }

 private:
  TestDir m_dir;
};

TEST(LogTimestamp, FormatsUtcWithMillisecondsAndFollowsTheClock) {
  LogTimestamp timestamp;
  timestamp.set(kAt);
  EXPECT_EQ(timestamp.text(), "2026-11-29T10:30:00.123Z ");
  timestamp.set(kAt + 5);
  EXPECT_EQ(timestamp.text(), "2026-11-29T10:30:00.128Z ");
  timestamp.set(kAt + 86'400'000 + 877);
  EXPECT_EQ(timestamp.text(), "2026-11-30T10:30:01.000Z ");
}

TEST_F(OutputLogTest, PrefixesLinesWithTheTimeAndMarksStderr) {
  OutputLog log = open_log(1 << 20);
  log.write_line(OutputLog::Stream::out, "hello");
  log.write_line(OutputLog::Stream::err, "oops");
  log.write_note("warning: something");
  ASSERT_TRUE(log.sync().ok());
  EXPECT_EQ(content(),
            "2026-11-29T10:30:00.123Z hello\n"
            "2026-11-29T10:30:00.123Z err oops\n"
            "2026-11-29T10:30:00.123Z [drover] warning: something\n");
  EXPECT_EQ(log.bytes(), content().size());
  EXPECT_FALSE(log.truncated());
}

TEST_F(OutputLogTest, StopsAtTheCapWithOneNote) {
  OutputLog log = open_log(1000);
  for (int i = 0; i < 100; ++i) log.write_line(OutputLog::Stream::out, "0123456789012345678");
  ASSERT_TRUE(log.sync().ok());
  std::string text = content();
  EXPECT_LE(text.size(), 1000u);
  EXPECT_TRUE(log.truncated());
  EXPECT_EQ(log.bytes(), text.size());
  std::string note = "[drover] log truncated at 1000B; further output discarded\n";
  ASSERT_GE(text.size(), note.size());
  EXPECT_EQ(text.substr(text.size() - note.size()), note);
}

}  // namespace
}  // namespace drover
