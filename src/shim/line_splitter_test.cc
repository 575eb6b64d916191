#include "shim/line_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace drover {
namespace {

struct Collected {
  std::vector<std::string> texts;
  std::vector<std::pair<bool, bool>> flags;  // starts_line, ends_line
};

Collected split(std::size_t max_line, const std::vector<std::string>& chunks, bool finish = true) {
  LineSplitter splitter(max_line);
  Collected collected;
  auto collect = [&](const LinePiece& piece) {
    collected.texts.emplace_back(piece.text);
    collected.flags.emplace_back(piece.starts_line, piece.ends_line);
  };
  for (const std::string& chunk : chunks) splitter.feed(chunk, collect);
  if (finish) splitter.finish(collect);
  return collected;
}

TEST(LineSplitter, SplitsWholeLinesInOneChunk) {
  EXPECT_EQ(split(100, {"a\nbb\n\nccc\n"}).texts, (std::vector<std::string>{"a", "bb", "", "ccc"}));
}

TEST(LineSplitter, JoinsLinesSpreadOverChunks) {
  EXPECT_EQ(split(100, {"hel", "lo wo", "rld\nnext", "\n"}).texts,
            (std::vector<std::string>{"hello world", "next"}));
}

TEST(LineSplitter, KeepsAnUnfinishedLineUntilTheEnd) {
  EXPECT_TRUE(split(100, {"done\npartial"}, false).texts == std::vector<std::string>{"done"});
  EXPECT_EQ(split(100, {"done\npartial"}).texts, (std::vector<std::string>{"done", "partial"}));
}

TEST(LineSplitter, CutsLongLinesAndMarksThePieces) {
  Collected collected = split(4, {"abcdefghij\nxy\n"});
  EXPECT_EQ(collected.texts, (std::vector<std::string>{"abcd", "efgh", "ij", "xy"}));
  EXPECT_EQ(collected.flags, (std::vector<std::pair<bool, bool>>{
                                 {true, false}, {false, false}, {false, true}, {true, true}}));
}

TEST(LineSplitter, CutsLongLinesArrivingInSmallChunks) {
  Collected collected = split(4, {"ab", "cd", "ef", "\n"});
  EXPECT_EQ(collected.texts, (std::vector<std::string>{"abcd", "ef"}));
  EXPECT_EQ(collected.flags, (std::vector<std::pair<bool, bool>>{{true, false}, {false, true}}));
}

TEST(LineSplitter, ALineOfExactlyTheLimitIsOneLine) {
  Collected collected = split(4, {"abcd", "\nef\n"});
  EXPECT_EQ(collected.texts, (std::vector<std::string>{"abcd", "ef"}));
  EXPECT_EQ(collected.flags, (std::vector<std::pair<bool, bool>>{{true, true}, {true, true}}));
}

TEST(LineSplitter, ByteByByteGivesTheSameLines) {
  std::string text = "first line\nsecond\n\nthird is longer than the limit\nend";
  std::vector<std::string> bytes;
  for (char c : text) bytes.emplace_back(1, c);
  EXPECT_EQ(split(8, bytes).texts, split(8, {text}).texts);
}

}  // namespace
}  // namespace drover
