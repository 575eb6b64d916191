#include "protocol/worker_events.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace drover {
namespace {

using ::testing::HasSubstr;

constexpr Millis kNow = 1'772'447'400'000;

std::string error_of(const Json& events) {
  auto parsed = parse_worker_events(events, kNow);
  return parsed ? "" : parsed.error().message;
}

TEST(WorkerEvents, ReadsTheDroverVocabularyAsJson) {
  Json events = Json::parse(R"([
    {"kind": "progress", "current": 154, "total": 245, "item": "repo-154"},
    {"kind": "item", "outcome": "fail", "item": "repo-9", "error": "gone"},
    {"kind": "message", "text": "cloning"},
    {"kind": "checkpoint", "value": {"page": 3}},
    {"kind": "pause", "until": "+15m", "reason": "rate limited"}])");
  auto parsed = parse_worker_events(events, kNow);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 5u);
  EXPECT_EQ((*parsed)[0].current, 154);
  EXPECT_EQ((*parsed)[0].total, 245);
  EXPECT_EQ((*parsed)[1].outcome, ItemOutcome::fail);
  EXPECT_EQ((*parsed)[1].text, "gone");
  EXPECT_EQ((*parsed)[3].value["page"], 3);
  EXPECT_EQ((*parsed)[4].until, kNow + 15 * 60'000);
  EXPECT_EQ((*parsed)[4].text, "rate limited");
  for (const JobEvent& event : *parsed) EXPECT_EQ(event.at, kNow);
}

TEST(WorkerEvents, RoundTripsThroughWhatAClientWouldSend) {
  Json events = Json::parse(R"([{"kind": "total", "total": 9}, {"kind": "result", "value": [1]},
                                {"kind": "item", "outcome": "skip", "item": "x"}])");
  auto parsed = parse_worker_events(events, kNow);
  ASSERT_TRUE(parsed);
  Json again = Json::array();
  for (const JobEvent& event : *parsed) again.push_back(worker_event_to_json(event));
  auto reparsed = parse_worker_events(again, kNow);
  ASSERT_TRUE(reparsed);
  EXPECT_EQ(*reparsed, *parsed);
}

TEST(WorkerEvents, NamesTheBadEventAndWhatWasExpected) {
  EXPECT_THAT(error_of(Json::object()), HasSubstr("must be an array"));
  EXPECT_THAT(error_of(Json::parse(R"([1])")), HasSubstr("events[0]"));
  EXPECT_THAT(error_of(Json::parse(R"([{"kind": "boom"}])")), HasSubstr("unknown kind"));
  EXPECT_THAT(error_of(Json::parse(R"([{"kind": "progress", "current": -1}])")),
              HasSubstr("whole number >= 0"));
  EXPECT_THAT(error_of(Json::parse(R"([{"kind": "progress", "current": 1.5}])")),
              HasSubstr("current"));
  EXPECT_THAT(error_of(Json::parse(R"([{"kind": "message"}])")), HasSubstr("\"text\" is required"));
  EXPECT_THAT(error_of(Json::parse(R"([{"kind": "item", "item": "a", "outcome": "meh"}])")),
              HasSubstr("outcome"));
  EXPECT_THAT(error_of(Json::parse(R"([{"kind": "checkpoint"}])")), HasSubstr("value"));
  EXPECT_THAT(error_of(Json::parse(R"([{"kind": "progress", "current": 1},
                                       {"kind": "pause", "until": "soon"}])")),
              HasSubstr("events[1]"));
}

TEST(WorkerEvents, RefusesAReportOfTooManyEvents) {
  Json events = Json::array();
  for (std::size_t i = 0; i <= kMaxEventsPerReport; ++i) {
    events.push_back({{"kind", "progress"}, {"current", i}});
  }
  EXPECT_THAT(error_of(events), HasSubstr("at most"));
}

}  // namespace
}  // namespace drover
