// The worker protocol (POST /api/workers/...) as careless or hostile
// workers meet it: bad bodies, unknown types, wrong tokens, huge batches, a
// worker that never reports. Each gets a clear 4xx and nothing stored changes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api_daemon.h"

namespace drover::testing {
namespace {

using ::testing::HasSubstr;

constexpr const char* kTypes = R"(
[types.render]
runner = "worker"
params.page = { type = "string", required = true }

[types.brief]
runner = "worker"
lease = "1s"

[types.build]
command = ["true"]
)";

void expect_refused(const HttpReply& reply, int status, const std::string& mention) {
  EXPECT_EQ(reply.status, status) << reply.body;
  Json body = reply.json();
  ASSERT_TRUE(body.contains("error")) << reply.body;
  EXPECT_TRUE(body["error"]["code"].is_string()) << reply.body;
  EXPECT_THAT(body["error"]["message"].get<std::string>(), HasSubstr(mention)) << reply.body;
}

class WorkerProtocol : public ::testing::Test {
 protected:
  Json submit(const std::string& type, const Json& params) {
    HttpReply reply = api.post("/api/jobs", {{"type", type}, {"params", params}});
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.json();
  }
  Json fetch(const std::string& type, int max = 10) {
    HttpReply reply =
        api.post("/api/workers/fetch",
                 {{"types", {type}}, {"max", max}, {"worker", {{"id", "w1"}, {"pid", 77}}}});
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json()["jobs"];
  }
  Json job(long long id) { return api.get("/api/jobs/" + std::to_string(id)).json(); }

  ApiDaemon daemon{kTypes};
  ApiClient& api = daemon.api;
};

TEST_F(WorkerProtocol, AFetchHandsOutAttemptsWithTheirTokenParamsAndLease) {
  long long id = submit("render", {{"page", "home"}})["id"];
  Json jobs = fetch("render");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["id"], id);
  EXPECT_EQ(jobs[0]["params"]["page"], "home");
  EXPECT_EQ(jobs[0]["resumed"], false);
  EXPECT_EQ(jobs[0]["lease_seconds"], 30);
  EXPECT_TRUE(jobs[0]["token"].is_string());
  Json reply = api.post("/api/workers/complete",
                        {{"job", id}, {"token", jobs[0]["token"]}, {"result", {{"html", "<p>"}}}})
                   .json();
  EXPECT_EQ(reply["ended"], true);
  Json done = job(id);
  EXPECT_EQ(done["state"], "completed");
  EXPECT_EQ(done["result"]["html"], "<p>");
  EXPECT_EQ(done["attempts"][0]["worker"], "w1");
  EXPECT_EQ(done["attempts"][0]["pid"], 77);
}

TEST_F(WorkerProtocol, BadFetchesAreRefusedWithWhatWasWrong) {
  long long id = submit("render", {{"page", "a"}})["id"];
  expect_refused(api.send("POST", "/api/workers/fetch", {}, "not json"), 400, "JSON");
  expect_refused(api.post("/api/workers/fetch", Json::object()), 400, "types");
  expect_refused(api.post("/api/workers/fetch", {{"types", "render"}}), 400, "types");
  expect_refused(api.post("/api/workers/fetch", {{"types", {"nope"}}}), 400, "unknown type");
  expect_refused(api.post("/api/workers/fetch", {{"types", {"build"}}}), 400, "runs a command");
  expect_refused(api.post("/api/workers/fetch", {{"types", {"render"}}, {"max", 100000}}), 400,
                 "max");
  expect_refused(api.post("/api/workers/fetch", {{"types", {"render"}}, {"wait", 3600}}), 400,
                 "wait");
  expect_refused(api.post("/api/workers/fetch", {{"types", {"render"}}, {"colour", 1}}), 400,
                 "unknown field");
  Json still = job(id);
  EXPECT_EQ(still["attempts"][0]["worker"], nullptr);  // on offer, handed to no one
  EXPECT_EQ(fetch("render", 1000).size(), 1u);         // the largest batch is fine
}

TEST_F(WorkerProtocol, BadReportsAndWrongTokensChangeNothing) {
  long long id = submit("render", {{"page", "a"}})["id"];
  Json held = fetch("render")[0];
  std::string token = held["token"];
  Json before = job(id);
  expect_refused(api.post("/api/workers/report", {{"job", id}}), 400, "token");
  expect_refused(api.post("/api/workers/report", {{"job", "x"}, {"token", token}}), 400, "job");
  expect_refused(
      api.post(
          "/api/workers/report",
          {{"job", id}, {"token", token}, {"events", Json::array({Json{{"kind", "progress"}}})}}),
      400, "current");
  expect_refused(
      api.post(
          "/api/workers/report",
          {{"job", id}, {"token", token}, {"events", Json::array({Json{{"kind", "explode"}}})}}),
      400, "unknown kind");
  expect_refused(
      api.post("/api/workers/report",
               {{"job", id},
                {"token", token},
                {"events", Json::array({Json{{"kind", "pause"}, {"until", "tomorrow"}}})}}),
      400, "until");
  // A bad report in a batch refuses the batch: the good one is not applied.
  expect_refused(
      api.post("/api/workers/reports",
               {{"reports",
                 {{{"job", id},
                   {"token", token},
                   {"events", Json::array({Json{{"kind", "progress"}, {"current", 5}}})}},
                  {{"job", id}, {"token", token}, {"end", "explode"}}}}}),
      400, "reports[1]");
  expect_refused(api.post("/api/workers/complete", {{"job", id}, {"token", "0123456789abcdef"}}),
                 409, "token");
  expect_refused(api.post("/api/workers/complete", {{"job", 999}, {"token", token}}), 409,
                 "job 999");
  Json after = job(id);
  EXPECT_EQ(after["state"], "running");
  EXPECT_EQ(after["progress"], before["progress"]);
  EXPECT_EQ(after["history"], before["history"]);
}

TEST_F(WorkerProtocol, AWorkerThatNeverReportsLosesTheJobAndItsLateReportIsRefused) {
  long long id = submit("brief", Json::object())["id"];
  Json held = fetch("brief")[0];
  Json lost = daemon.harness.wait_for_state(id, {"interrupted"});
  EXPECT_THAT(lost["history"].back()["reason"].get<std::string>(), HasSubstr("lease expired"));
  HttpReply late = api.post("/api/workers/complete", {{"job", id}, {"token", held["token"]}});
  expect_refused(late, 409, "token");
  EXPECT_EQ(job(id)["state"], "interrupted");
}

TEST_F(WorkerProtocol, ABatchOfReportsAnswersEachAndRefusesOnlyTheStale) {
  submit("render", {{"page", "a"}});
  submit("render", {{"page", "b"}});
  Json held = fetch("render");
  ASSERT_EQ(held.size(), 2u);
  Json reply =
      api.post("/api/workers/reports",
               {{"reports",
                 {{{"job", held[0]["id"]}, {"token", held[0]["token"]}, {"end", "complete"}},
                  {{"job", held[1]["id"]}, {"token", "stale"}, {"end", "complete"}}}}})
          .json();
  ASSERT_EQ(reply["answers"].size(), 2u);
  EXPECT_EQ(reply["answers"][0]["ended"], true);
  EXPECT_EQ(reply["answers"][1]["error"]["code"], "conflict");
  EXPECT_EQ(job(held[0]["id"])["state"], "completed");
  EXPECT_EQ(job(held[1]["id"])["state"], "running");
}

// Leases live in the store: a daemon killed with -9 and restarted holds the
// fetched attempts again, accepts their workers' reports, and starts none
// of them a second time.
TEST_F(WorkerProtocol, ADaemonKilledWhileWorkersHoldJobsAcceptsTheirReportsAfterARestart) {
  submit("render", {{"page", "a"}});
  submit("render", {{"page", "b"}});
  Json held = fetch("render");
  ASSERT_EQ(held.size(), 2u);
  std::string before = daemon.address();
  daemon.harness.kill_daemon();
  daemon.harness.start_daemon();
  // The restarted daemon listens on a port of its own (port 0) and says which.
  ASSERT_TRUE(wait_until([&] {
    std::string now = daemon.address();
    return !now.empty() && now != before;
  }));
  daemon.api = ApiClient(daemon.address(), api.token());
  EXPECT_TRUE(fetch("render").empty());  // nothing offered again
  for (const Json& attempt : held) {
    Json progress = {{"job", attempt["id"]},
                     {"token", attempt["token"]},
                     {"events", Json::array({Json{{"kind", "progress"}, {"current", 1}}})}};
    EXPECT_EQ(api.post("/api/workers/report", progress).status, 200);
    HttpReply done =
        api.post("/api/workers/complete", {{"job", attempt["id"]}, {"token", attempt["token"]}});
    EXPECT_EQ(done.status, 200) << done.body;
    Json finished = job(attempt["id"]);
    EXPECT_EQ(finished["state"], "completed");
    EXPECT_EQ(finished["attempts"].size(), 1u);
    EXPECT_EQ(finished["progress"]["current"], 1);
  }
}

TEST_F(WorkerProtocol, ConnectedWorkersAreListed) {
  long long id = submit("render", {{"page", "a"}})["id"];
  fetch("render");
  Json workers = api.get("/api/workers").json()["workers"];
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers[0]["id"], "w1");
  EXPECT_EQ(workers[0]["pid"], 77);
  EXPECT_EQ(workers[0]["jobs"], Json::array({id}));
  EXPECT_EQ(workers[0]["types"], Json::array({"render"}));
}

TEST_F(WorkerProtocol, AWorkerGoneDuringItsLongPollIsHandedNothing) {
  auto fetching = [this](const std::string& id) {
    Json workers = api.get("/api/workers").json()["workers"];
    for (const Json& worker : workers) {
      if (worker["id"] == id) return worker["fetching"].get<bool>();
    }
    return false;
  };
  {
    Connection gone(api.address());
    std::string body =
        Json{{"types", {"render"}}, {"wait", 30}, {"worker", {{"id", "gone"}}}}.dump();
    ASSERT_TRUE(gone.write(request_text("POST", "/api/workers/fetch",
                                        {{"Host", api.address()},
                                         {"Authorization", "Bearer " + api.token()},
                                         {"Content-Type", "application/json"}},
                                        body)));
    ASSERT_TRUE(wait_until([&] { return fetching("gone"); }));
  }  // the worker is killed: its connection closes, its long-poll with it
  ASSERT_TRUE(wait_until([&] { return !fetching("gone"); }, std::chrono::seconds(10)));
  long long id = submit("render", {{"page", "a"}})["id"];
  Json jobs = fetch("render");
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["id"], id);
  EXPECT_EQ(job(id)["attempts"][0]["worker"], "w1");
}

}  // namespace
}  // namespace drover::testing
