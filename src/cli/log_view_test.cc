#include "cli/log_view.h"

#include <gtest/gtest.h>

namespace drover::cli {
namespace {

constexpr const char* kLog =
    "2026-11-24T10:30:00.123Z @drover progress 1/3 a\n"
    "2026-11-24T10:30:00.200Z first\n"
    "2026-11-24T10:30:01.000Z err oops\n"
    "2026-11-24T10:30:02.000Z [drover] note\n";

TEST(LogView, EventLinesHiddenStderrMarked) {
  LogView view({false, LogTimeStyle::none, false});
  EXPECT_EQ(view.add(kLog), "  first\n! oops\n  [drover] note\n");
}

TEST(LogView, EventsOnRequestAndUtcTimesAsWritten) {
  LogView view({true, LogTimeStyle::utc, false});
  std::string out = view.add(kLog);
  EXPECT_EQ(out.substr(0, out.find('\n') + 1),
            "2026-11-24T10:30:00.123Z   @drover progress 1/3 a\n");
}

TEST(LogView, APartialLineWaitsForTheRest) {
  LogView view({false, LogTimeStyle::none, false});
  EXPECT_EQ(view.add("2026-11-24T10:30:00.200Z fir"), "");
  EXPECT_EQ(view.add("st\n2026-11-24T10:30:00.300Z sec"), "  first\n");
  EXPECT_EQ(view.finish(), "  sec\n");
}

TEST(LogView, StderrIsRedOnlyWithColor) {
  LogView view({false, LogTimeStyle::none, true});
  std::string out = view.add("2026-11-24T10:30:01.000Z err oops\n");
  EXPECT_NE(out.find("\x1b["), std::string::npos);
  EXPECT_NE(out.find("oops"), std::string::npos);
}

TEST(LogView, EscapesInTheOutputBecomeVisible) {
  LogView view({false, LogTimeStyle::none, false});
  EXPECT_EQ(view.add("2026-11-24T10:30:01.000Z \x1b[2J\tx\n"), "  ␛[2J\tx\n");
}

}  // namespace
}  // namespace drover::cli
