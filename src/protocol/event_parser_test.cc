#include "protocol/event_parser.h"

#include <gtest/gtest.h>

#include <random>

#include "protocol/event_record.h"

namespace drover {
namespace {

constexpr Millis kNow = 1'795'948'200'000;  // 2026-11-29T10:30:00Z

JobEvent parse_ok(std::string_view line) {
  auto event = parse_event_line(line, kNow);
  EXPECT_TRUE(event.ok()) << line << ": " << event.error().message;
  return event.ok() ? *event : JobEvent{};
}

std::string parse_error(std::string_view line) {
  auto event = parse_event_line(line, kNow);
  EXPECT_FALSE(event.ok()) << line;
  return event.ok() ? "" : event.error().message;
}

TEST(EventParser, ProgressWithTotalAndItem) {
  JobEvent event = parse_ok("@drover progress 154/245 infrastructure-apo-platform");
  EXPECT_EQ(event.kind, EventKind::progress);
  EXPECT_EQ(event.current, 154);
  EXPECT_EQ(event.total, 245);
  EXPECT_EQ(event.item, "infrastructure-apo-platform");
  EXPECT_EQ(event.at, kNow);
  EXPECT_EQ(event.seq, 0);
}

TEST(EventParser, ProgressWithCurrentOnlyAndAnItemWithSpaces) {
  JobEvent event = parse_ok("@drover progress 3 my item name  \r");
  EXPECT_EQ(event.current, 3);
  EXPECT_FALSE(event.total);
  EXPECT_EQ(event.item, "my item name");
}

TEST(EventParser, Total) { EXPECT_EQ(parse_ok("@drover total 245").total, 245); }

TEST(EventParser, ItemsWithOutcomesAndErrors) {
  JobEvent ok = parse_ok("@drover item ok repo-1");
  EXPECT_EQ(ok.kind, EventKind::item);
  EXPECT_EQ(ok.outcome, ItemOutcome::ok);
  EXPECT_EQ(ok.item, "repo-1");
  EXPECT_EQ(ok.text, "");
  JobEvent failed = parse_ok("@drover item fail repo-2 clone failed: timeout");
  EXPECT_EQ(failed.outcome, ItemOutcome::fail);
  EXPECT_EQ(failed.item, "repo-2");
  EXPECT_EQ(failed.text, "clone failed: timeout");
  EXPECT_EQ(parse_ok("@drover item skip repo-3").outcome, ItemOutcome::skip);
}

TEST(EventParser, Message) {
  EXPECT_EQ(parse_ok("@drover message Cloned 154 repositories").text, "Cloned 154 repositories");
}

TEST(EventParser, CheckpointAndResultCarryJson) {
  JobEvent checkpoint = parse_ok(R"(@drover checkpoint {"last_article_index": 203847})");
  EXPECT_EQ(checkpoint.kind, EventKind::checkpoint);
  EXPECT_EQ(checkpoint.value["last_article_index"], 203847);
  JobEvent result = parse_ok(R"(@drover result {"docs_path": "/srv/docs"})");
  EXPECT_EQ(result.kind, EventKind::result);
  EXPECT_EQ(result.value["docs_path"], "/srv/docs");
}

TEST(EventParser, PauseWithRelativeTimeIsResolvedAgainstNow) {
  JobEvent pause = parse_ok("@drover pause until=+15m rate limited by GitHub");
  EXPECT_EQ(pause.kind, EventKind::pause);
  EXPECT_EQ(pause.until, kNow + 15 * 60 * 1000);
  EXPECT_EQ(pause.text, "rate limited by GitHub");
}

TEST(EventParser, PauseWithAbsoluteTimeOrNone) {
  JobEvent pause = parse_ok("@drover pause until=2026-11-30T11:00:00Z quota");
  EXPECT_EQ(pause.until, parse_rfc3339("2026-11-30T11:00:00Z"));
  EXPECT_EQ(pause.text, "quota");
  JobEvent open_ended = parse_ok("@drover pause waiting for a human");
  EXPECT_FALSE(open_ended.until);
  EXPECT_EQ(open_ended.text, "waiting for a human");
}

TEST(EventParser, MalformedLinesSayWhatWasExpected) {
  EXPECT_NE(parse_error("@drover progress abc").find("CURRENT[/TOTAL]"), std::string::npos);
  EXPECT_NE(parse_error("@drover progress 3/x").find("CURRENT[/TOTAL]"), std::string::npos);
  EXPECT_NE(parse_error("@drover progress -3").find("CURRENT[/TOTAL]"), std::string::npos);
  EXPECT_NE(parse_error("@drover progress 99999999999999999999").find("progress"),
            std::string::npos);
  EXPECT_NE(parse_error("@drover total 12 13").find("one whole number"), std::string::npos);
  EXPECT_NE(parse_error("@drover item maybe x").find("ok|fail|skip"), std::string::npos);
  EXPECT_NE(parse_error("@drover item ok").find("NAME"), std::string::npos);
  EXPECT_NE(parse_error("@drover checkpoint {oops").find("invalid JSON"), std::string::npos);
  EXPECT_NE(parse_error("@drover result").find("JSON"), std::string::npos);
  EXPECT_NE(parse_error("@drover pause until=soon").find("until="), std::string::npos);
  EXPECT_NE(parse_error("@drover pause until=+-5m").find("until="), std::string::npos);
  EXPECT_NE(parse_error("@drover dance").find("unknown event \"dance\""), std::string::npos);
  EXPECT_NE(parse_error("progress 1/2").find("@drover"), std::string::npos);
  parse_error("@drover ");
}

// Found by fuzz/event_parser_fuzz: the shim accepted these and wrote an
// `until` that events.jsonl readers refuse, so the pause was lost.
TEST(EventParser, PauseTimesRfc3339CannotWriteAreRefused) {
  EXPECT_NE(parse_error("@drover pause until=+4000000d").find("until="), std::string::npos);
  EXPECT_NE(parse_error("@drover pause until=0000-01-01T00:00:00+23:59").find("until="),
            std::string::npos);
  for (std::string_view edge : {"@drover pause until=9999-12-31T23:59:59.999Z",
                                "@drover pause until=0000-01-01T00:00:00Z"}) {
    JobEvent pause = parse_ok(edge);
    auto read_back = parse_event_record(format_event_record(pause));
    ASSERT_TRUE(read_back.ok()) << edge << ": " << read_back.error().message;
    EXPECT_EQ(read_back->until, pause.until);
  }
}

TEST(EventParser, DeeplyNestedJsonIsRefusedNotRecursedInto) {
  std::string deep = "@drover checkpoint " + std::string(100000, '[') + std::string(100000, ']');
  EXPECT_NE(parse_error(deep).find("nested deeper"), std::string::npos);
}

TEST(EventParser, InvalidUtf8InJsonIsAnErrorAndInTextIsKept) {
  parse_error("@drover result \"\xff\xfe\"");
  EXPECT_EQ(parse_ok("@drover message caf\xe9").text, "caf\xe9");
}

// A small in-test fuzzer: random bytes after the prefix never crash or throw.
TEST(EventParser, RandomInputNeverCrashes) {
  std::mt19937 random(12345);
  const std::string alphabet =
      "@drover progresstotalitemmessagecheckpointresultpauseuntil=+/ "
      "0123456789{}[]\":,okfailskip\xff\n\r\t-mhsZT";
  for (int round = 0; round < 20000; ++round) {
    std::string line = round % 2 ? "@drover " : "";
    std::size_t length = random() % 80;
    for (std::size_t i = 0; i < length; ++i) line += alphabet[random() % alphabet.size()];
    auto event = parse_event_line(line, kNow);
    if (event.ok()) {
      EXPECT_EQ(event->at, kNow);
    }
  }
}

}  // namespace
}  // namespace drover
