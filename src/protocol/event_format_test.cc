#include "protocol/event_format.h"

#include <gtest/gtest.h>

#include "protocol/event_parser.h"

namespace drover {
namespace {

constexpr Millis kNow = 1'795'948'200'000;

JobEvent round_trip(const JobEvent& event) {
  auto parsed = parse_event_line(format_event_line(event), kNow);
  EXPECT_TRUE(parsed.ok()) << format_event_line(event);
  return parsed.ok() ? *parsed : JobEvent{};
}

JobEvent make(EventKind kind) {
  JobEvent event;
  event.kind = kind;
  event.at = kNow;
  return event;
}

TEST(EventFormat, WritesTheLinesOfTheDesign) {
  JobEvent progress = make(EventKind::progress);
  progress.current = 154;
  progress.total = 245;
  progress.item = "infrastructure-apo-platform";
  EXPECT_EQ(format_event_line(progress), "@drover progress 154/245 infrastructure-apo-platform");
  JobEvent item = make(EventKind::item);
  item.outcome = ItemOutcome::fail;
  item.item = "repo-2";
  item.text = "timeout";
  EXPECT_EQ(format_event_line(item), "@drover item fail repo-2 timeout");
  JobEvent checkpoint = make(EventKind::checkpoint);
  checkpoint.value = {{"last_article_index", 203847}};
  EXPECT_EQ(format_event_line(checkpoint), R"(@drover checkpoint {"last_article_index":203847})");
}

TEST(EventFormat, EveryKindParsesBackToTheSameEvent) {
  std::vector<JobEvent> events;
  JobEvent progress = make(EventKind::progress);
  progress.current = 3;
  events.push_back(progress);
  JobEvent total = make(EventKind::total);
  total.total = 245;
  events.push_back(total);
  JobEvent item = make(EventKind::item);
  item.outcome = ItemOutcome::skip;
  item.item = "repo-9";
  events.push_back(item);
  JobEvent message = make(EventKind::message);
  message.text = "Cloned 154 repositories";
  events.push_back(message);
  JobEvent result = make(EventKind::result);
  result.value = {{"docs_path", "/srv/docs"}, {"count", 3}};
  events.push_back(result);
  JobEvent pause = make(EventKind::pause);
  pause.until = kNow + 900'000;
  pause.text = "rate limited";
  events.push_back(pause);
  for (const JobEvent& event : events)
    EXPECT_EQ(round_trip(event), event) << format_event_line(event);
}

TEST(EventFormat, LineBreaksAndBlanksCannotSplitAnEvent) {
  JobEvent message = make(EventKind::message);
  message.text = "two\nlines";
  EXPECT_EQ(format_event_line(message), "@drover message two lines");
  JobEvent item = make(EventKind::item);
  item.item = "name with spaces";
  EXPECT_EQ(round_trip(item).item, "name_with_spaces");
}

}  // namespace
}  // namespace drover
