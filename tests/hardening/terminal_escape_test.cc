// A job's output reaches the operator's terminal through `drover ls`, `show`,
// `logs` and `follow`: escape sequences in it (clear screen, window title,
// OSC-8 links) must arrive as visible text, never raw. `--json` stays exact.
#include <gtest/gtest.h>

#include "harness.h"

namespace drover::testing {
namespace {

// ESC ] 0 ; title BEL sets the window title; ESC [ 2 J clears the screen.
constexpr const char* kJobScript =
    "printf '@drover progress 1/2 \\033]0;owned\\007item\\n'; "
    "printf '@drover message \\033[2Jcleared\\n'; "
    "printf 'out \\033]8;;http://evil\\033\\\\link\\n'; "
    "printf 'err \\033[2J\\n' >&2";

bool has_raw_escape(const std::string& text) {
  return text.find('\x1b') != std::string::npos || text.find('\x07') != std::string::npos;
}

TEST(TerminalEscapes, HumanOutputShowsThemAsText) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run({"sh", "-c", kJobScript});
  harness.wait_for_state(id, {"completed"});
  std::string job = std::to_string(id);
  for (const std::vector<std::string>& command : {std::vector<std::string>{"ls"},
                                                  {"show", job},
                                                  {"logs", job},
                                                  {"logs", job, "--events"},
                                                  {"follow", job}}) {
    CliResult result = harness.cli(command);
    EXPECT_EQ(result.exit_code, 0) << command[0] << ": " << result.err;
    EXPECT_FALSE(has_raw_escape(result.out)) << command[0] << " printed: " << result.out;
  }
  EXPECT_NE(harness.cli({"show", job}).out.find("␛]0;owned␇item"), std::string::npos);
  EXPECT_NE(harness.cli({"logs", job}).out.find("out ␛]8;;http://evil␛\\link"), std::string::npos);
}

TEST(TerminalEscapes, JsonKeepsTheExactText) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run({"sh", "-c", kJobScript});
  Json job = harness.wait_for_state(id, {"completed"});
  EXPECT_EQ(job["progress"]["item"], "\x1b]0;owned\x07item");
  EXPECT_EQ(job["progress"]["message"], "\x1b[2Jcleared");
}

TEST(TerminalEscapes, AFailedStartNamingAnEscapeIsShownAsText) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run({"\x1b]0;owned\x07no-such-command"});
  harness.wait_for_state(id, {"failed"});
  CliResult followed = harness.cli({"follow", std::to_string(id)});
  EXPECT_FALSE(has_raw_escape(followed.out)) << followed.out;
  EXPECT_FALSE(has_raw_escape(harness.cli({"ls"}).out));
}

}  // namespace
}  // namespace drover::testing
