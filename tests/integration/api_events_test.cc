// Live updates over Server-Sent Events: GET /api/events (every job change)
// and GET /api/jobs/{id}/logs?follow=1 (a growing log), as a browser's
// EventSource uses them, reconnects included.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api_daemon.h"

namespace drover::testing {
namespace {

using ::testing::HasSubstr;
using Millis = std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

class ApiEvents : public ::testing::Test {
 protected:
  Json submit(const std::vector<std::string>& argv) {
    HttpReply reply = api.post("/api/jobs", {{"type", "shell"}, {"params", {{"argv", argv}}}});
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.json();
  }
  // A shell job that waits until the test creates `gate`.
  std::vector<std::string> gated(const std::string& before, const std::string& gate,
                                 const std::string& after) {
    std::string path = (daemon.harness.state_dir() / gate).string();
    return {"/bin/sh", "-c",
            before + "; while [ ! -e '" + path + "' ]; do sleep 0.01; done; " + after};
  }
  void open_gate(const std::string& gate) {
    std::ofstream(daemon.harness.state_dir() / gate) << "go";
  }

  ApiDaemon daemon;
  const ApiClient& api = daemon.api;
};

// The next `job` event about job `id` that `want` accepts (others skipped).
std::optional<Json> next_job_event(SseStream& stream, long long id,
                                   const std::function<bool(const Json&)>& want,
                                   Millis timeout = Millis(10000)) {
  auto deadline = SteadyClock::now() + timeout;
  while (SteadyClock::now() < deadline) {
    auto event = stream.next(std::chrono::duration_cast<Millis>(deadline - SteadyClock::now()));
    if (!event) break;
    if (event->event != "job") continue;
    Json job = Json::parse(event->data);
    if (job["id"] == id && want(job)) return job;
  }
  return std::nullopt;
}

Millis since(SteadyClock::time_point start) {
  return std::chrono::duration_cast<Millis>(SteadyClock::now() - start);
}

TEST_F(ApiEvents, StateChangesAndProgressArriveWithin200Milliseconds) {
  SseStream stream(api, "/api/events");
  ASSERT_EQ(stream.status(), 200);
  auto start = SteadyClock::now();
  Json job = submit(
      gated("echo '@drover progress 1/2 first'", "go", "echo '@drover progress 2/2 second'"));
  long long id = job["id"];
  auto queued = next_job_event(stream, id, [](const Json&) { return true; });
  ASSERT_TRUE(queued);
  EXPECT_LT(since(start).count(), 200) << "first event of a new job";
  EXPECT_FALSE(queued->contains("history")) << "events carry the job without its history";

  // Changes within one flush interval arrive as one event: the first may
  // already show the job running with its first progress line.
  auto at_first = [](const Json& j) { return j["progress"]["current"] == 1; };
  auto first = at_first(*queued) ? queued : next_job_event(stream, id, at_first);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->value("state", ""), "running");
  EXPECT_EQ(first->at("progress").value("item", ""), "first");

  start = SteadyClock::now();
  open_gate("go");
  auto second =
      next_job_event(stream, id, [](const Json& j) { return j["progress"]["current"] == 2; });
  ASSERT_TRUE(second);
  EXPECT_LT(since(start).count(), 200) << "progress after the job printed it";
  auto is_done = [](const Json& j) { return j["state"] == "completed"; };
  auto done = is_done(*second) ? second : next_job_event(stream, id, is_done);
  ASSERT_TRUE(done);

  start = SteadyClock::now();
  HttpReply removed = api.send("DELETE", "/api/jobs/" + std::to_string(id));
  ASSERT_EQ(removed.status, 200) << removed.body;
  std::optional<SseEvent> event;
  while ((event = stream.next(Millis(5000))) && event->event != "removed") {
  }
  ASSERT_TRUE(event) << "no removed event";
  EXPECT_EQ(Json::parse(event->data), (Json{{"id", id}}));
  EXPECT_LT(since(start).count(), 200) << "removal";
}

TEST_F(ApiEvents, ReconnectingWithLastEventIdLosesNoEvent) {
  ASSERT_EQ(api.send("POST", "/api/queues/default/pause").status, 200);
  std::string last_id;
  long long first_job = 0;
  {
    SseStream stream(api, "/api/events");
    first_job = submit({"/bin/true"})["id"];
    // The id of the last event this client saw, its job's included.
    for (auto event = stream.next(Millis(2000)); event; event = stream.next(Millis(300))) {
      last_id = event->id;
    }
    ASSERT_FALSE(last_id.empty()) << "no event about job " << first_job;
  }
  std::set<long long> missed;
  for (int i = 0; i < 5; ++i) missed.insert(submit({"/bin/true"})["id"].get<long long>());
  ASSERT_EQ(api.send("POST", "/api/jobs/" + std::to_string(first_job) + "/cancel").status, 200);

  for (Headers headers : {Headers{{"Last-Event-ID", last_id}}, Headers{}}) {
    std::string target = headers.empty() ? "/api/events?last_event_id=" + last_id : "/api/events";
    SseStream stream(api, target, headers);
    std::set<long long> seen;
    bool first_cancelled = false;
    unsigned long long expected_id = std::stoull(last_id) + 1;
    while (seen != missed || !first_cancelled) {
      auto event = stream.next(Millis(5000));
      ASSERT_TRUE(event) << "replay stopped after " << seen.size() << " jobs";
      ASSERT_EQ(event->event, "job");
      EXPECT_EQ(std::stoull(event->id), expected_id++) << "event ids have a gap";
      Json job = Json::parse(event->data);
      if (job["id"] == first_job) first_cancelled = job["state"] == "cancelled";
      if (missed.count(job["id"])) seen.insert(job["id"].get<long long>());
    }
  }
}

TEST_F(ApiEvents, AnIdOlderThanTheRingGetsAReset) {
  submit({"/bin/true"});
  SseStream stream(api, "/api/events", {{"Last-Event-ID", "1"}});
  auto event = stream.next(Millis(2000));
  ASSERT_TRUE(event);
  EXPECT_EQ(event->event, "reset");
  SseStream garbled(api, "/api/events", {{"Last-Event-ID", "yesterday"}});
  auto reset = garbled.next(Millis(2000));
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->event, "reset");
}

TEST_F(ApiEvents, FollowingALogStreamsNewLinesUntilTheJobEnds) {
  Json job = submit(gated("echo first line", "more", "echo second line"));
  std::string logs = "/api/jobs/" + job["id"].dump() + "/logs";
  SseStream stream(api, logs + "?follow=1");
  ASSERT_EQ(stream.status(), 200);
  auto first = stream.next(Millis(10000));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->event, "log");
  EXPECT_THAT(first->data, HasSubstr("first line"));
  EXPECT_FALSE(stream.next(Millis(300))) << "nothing more until the job writes";

  open_gate("more");
  auto second = stream.next(Millis(10000));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->event, "log");
  EXPECT_THAT(second->data, HasSubstr("second line"));
  auto end = stream.next(Millis(10000));
  ASSERT_TRUE(end);
  EXPECT_EQ(end->event, "end");
  EXPECT_EQ(Json::parse(end->data)["state"], "completed");

  // An EventSource reconnecting after the first line gets the rest only.
  SseStream resumed(api, logs + "?follow=1", {{"Last-Event-ID", first->id}});
  auto rest = resumed.next(Millis(5000));
  ASSERT_TRUE(rest);
  EXPECT_THAT(rest->data, HasSubstr("second line"));
  EXPECT_THAT(rest->data, ::testing::Not(HasSubstr("first line")));

  // Without follow, the plain text and its headers as before.
  HttpReply plain = api.get(logs);
  EXPECT_EQ(plain.status, 200);
  EXPECT_THAT(plain.header("content-type"), HasSubstr("text/plain"));
  EXPECT_EQ(plain.header("x-drover-log-finished"), "1");
  EXPECT_THAT(plain.body, HasSubstr("second line"));
}

}  // namespace
}  // namespace drover::testing
