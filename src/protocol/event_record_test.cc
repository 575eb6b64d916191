#include "protocol/event_record.h"

#include <gtest/gtest.h>

#include <random>

namespace drover {
namespace {

TEST(EventRecord, IsOneJsonLineWithOnlyTheKindsFields) {
  JobEvent event;
  event.kind = EventKind::progress;
  event.seq = 3;
  event.at = 1'795'948'200'123;
  event.current = 154;
  event.total = 245;
  event.item = "infrastructure-apo-platform";
  EXPECT_EQ(
      format_event_record(event),
      R"({"at":"2026-11-29T10:30:00.123Z","current":154,"item":"infrastructure-apo-platform",)"
      R"("kind":"progress","seq":3,"total":245})"
      "\n");
}

TEST(EventRecord, RoundTripsEveryKind) {
  for (EventKind kind : {EventKind::progress, EventKind::total, EventKind::item, EventKind::message,
                         EventKind::checkpoint, EventKind::result, EventKind::pause}) {
    JobEvent event;
    event.kind = kind;
    event.seq = 7;
    event.at = 1'795'948'200'000;
    if (kind == EventKind::item) {
      event.outcome = ItemOutcome::fail;
      event.item = "x";
      event.text = "boom";
    }
    if (kind == EventKind::checkpoint) event.value = {{"i", 1}};
    if (kind == EventKind::result) event.value = Json::array({1, "two"});
    if (kind == EventKind::pause) event.until = event.at + 1000;
    auto parsed = parse_event_record(format_event_record(event));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(*parsed, event) << event_kind_name(kind);
  }
}

TEST(EventRecord, InvalidUtf8FromAJobIsReplacedNotThrown) {
  JobEvent event;
  event.text = "caf\xe9";
  auto parsed = parse_event_record(format_event_record(event));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->text, "caf\xef\xbf\xbd");
}

TEST(EventRecord, BrokenRecordsAreErrors) {
  EXPECT_FALSE(parse_event_record("").ok());
  EXPECT_FALSE(parse_event_record(R"({"seq":1,"at":"2026-11-30T08:30:00Z","kind":"pr)").ok());
  EXPECT_FALSE(
      parse_event_record(R"({"seq":"1","at":"2026-11-30T08:30:00Z","kind":"total"})").ok());
  EXPECT_FALSE(parse_event_record(R"({"seq":1,"at":"yesterday","kind":"total"})").ok());
  EXPECT_FALSE(parse_event_record(R"({"seq":1,"at":"2026-11-30T08:30:00Z","kind":"dance"})").ok());
  EXPECT_FALSE(parse_event_record(R"({"seq":1,"at":"2026-11-30T08:30:00Z","kind":"item"})").ok());
  EXPECT_FALSE(
      parse_event_record(R"({"seq":1,"at":"2026-11-30T08:30:00Z","kind":"item","outcome":3})")
          .ok());
  EXPECT_FALSE(
      parse_event_record(R"({"seq":1,"at":"2026-11-30T08:30:00Z","kind":"message","text":5})")
          .ok());
  EXPECT_FALSE(parse_event_record("[1,2]").ok());
}

TEST(EventRecord, RandomMutationsNeverCrash) {
  JobEvent event;
  event.kind = EventKind::item;
  event.item = "x";
  std::string line = format_event_record(event);
  std::mt19937 random(7);
  for (int round = 0; round < 20000; ++round) {
    std::string mutated = line;
    for (int i = 0; i < 3; ++i) mutated[random() % mutated.size()] = static_cast<char>(random());
    (void)parse_event_record(mutated);
  }
}

}  // namespace
}  // namespace drover
