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

TEST_F(OutputLogTest, HandsBackTheLineAsRedactedAlsoOnceFull) {
  auto file = open_file(path(), O_WRONLY | O_CREAT | O_APPEND);
  ASSERT_TRUE(file.ok());
  OutputLog log(std::move(*file), 200, 1024, Redactor({"token=\\w+"}));
  LinePiece written =
      log.write_piece(OutputLog::Stream::out, {"@drover message token=abc", true, true});
  EXPECT_EQ(written.text, "@drover message ***");
  for (int i = 0; i < 10; ++i) log.write_line(OutputLog::Stream::out, "filler filler filler");
  ASSERT_TRUE(log.truncated());
  written = log.write_piece(OutputLog::Stream::out,
                            {"@drover result {\"t\": \"token=xyz\"}", true, true});
  EXPECT_EQ(written.text, "@drover result {\"t\": \"***\"}");
  ASSERT_TRUE(log.sync().ok());
  EXPECT_EQ(content().find("abc"), std::string::npos);
}

TEST_F(OutputLogTest, ALongLineCutInPiecesKeepsItsTextAndHidesTheSecretAcrossTheCut) {
  auto file = open_file(path(), O_WRONLY | O_CREAT | O_APPEND);
  ASSERT_TRUE(file.ok());
  OutputLog log(std::move(*file), 1 << 20, 8192, Redactor({"token=\\w+"}));
  log.set_time(kAt);
  std::string line = std::string(8190, 'x') + " token=abcdef " + std::string(9000, 'y');
  LineSplitter splitter(8192);
  std::string seen;
  splitter.feed(line + "\n", [&](const LinePiece& piece) {
    seen += log.write_piece(OutputLog::Stream::out, piece).text;
  });
  EXPECT_EQ(seen, std::string(8190, 'x') + " *** " + std::string(9000, 'y'));
  ASSERT_TRUE(log.sync().ok());
  EXPECT_EQ(content().find("abcdef"), std::string::npos);
}

}  // namespace
}  // namespace drover
