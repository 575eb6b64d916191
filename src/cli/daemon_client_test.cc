#include "cli/daemon_client.h"

#include <gtest/gtest.h>

#include "cli/fake_daemon_for_test.h"
#include "os/test_dir.h"

namespace drover::cli {
namespace {

using testing::FakeDaemon;

TEST(DaemonClient, GetsJsonFromTheSocket) {
  TestDir state;
  FakeDaemon daemon(state.path(), {{200, R"({"id": 12, "state": "running"})"}});
  auto job = DaemonClient(StatePaths{state.path()}).get("/api/jobs/12");
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ((*job)["id"], 12);
  EXPECT_EQ(daemon.requests().at(0).target, "/api/jobs/12");
}

TEST(DaemonClient, PostsAJsonBody) {
  TestDir state;
  FakeDaemon daemon(state.path(), {{201, R"({"id": 13})"}});
  auto job = DaemonClient(StatePaths{state.path()}).post("/api/jobs", {{"type", "shell"}});
  ASSERT_TRUE(job.ok()) << job.error().message;
  EXPECT_EQ(daemon.requests().at(0).method, "POST");
  EXPECT_EQ(Json::parse(daemon.requests().at(0).body)["type"], "shell");
}

TEST(DaemonClient, ApiErrorKeepsItsCodeAndMessage) {
  TestDir state;
  FakeDaemon daemon(state.path(),
                    {{404, R"({"error": {"code": "not_found", "message": "no job 99"}})"}});
  auto job = DaemonClient(StatePaths{state.path()}).get("/api/jobs/99");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code, ErrorCode::not_found);
  EXPECT_EQ(job.error().message, "no job 99");
  EXPECT_EQ(exit_code_for(job.error().code), 3);
}

TEST(DaemonClient, LogsComeAsTextWithTheirHeaders) {
  TestDir state;
  FakeDaemon daemon(state.path(),
                    {{200, "hello\n", {{"X-Drover-Next-Offset", "6"}}, "text/plain"}});
  auto logs = DaemonClient(StatePaths{state.path()}).get_text("/api/jobs/1/logs?offset=0");
  ASSERT_TRUE(logs.ok()) << logs.error().message;
  EXPECT_EQ(logs->body, "hello\n");
  EXPECT_EQ(logs->header("x-drover-next-offset"), "6");
}

TEST(DaemonClient, NoDaemonSaysHowToStartOne) {
  TestDir state;
  auto job = DaemonClient(StatePaths{state.path()}).get("/healthz");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code, ErrorCode::unavailable);
  EXPECT_EQ(job.error().message, no_daemon_message(state.path()));
  EXPECT_NE(job.error().message.find("drover daemon start"), std::string::npos);
}

TEST(ApiErrors, CodeNamesMapToExitCodes) {
  EXPECT_EQ(exit_code_for(error_code_from_name("usage")), 2);
  EXPECT_EQ(exit_code_for(error_code_from_name("not_found")), 3);
  EXPECT_EQ(exit_code_for(error_code_from_name("conflict")), 4);
  EXPECT_EQ(exit_code_for(error_code_from_name("invalid")), 1);
  EXPECT_EQ(error_code_from_name("something_new"), ErrorCode::internal);
}

TEST(ApiErrors, StatusDecidesWhenTheBodyIsNotAnApiError) {
  EXPECT_EQ(error_from_response(409, "busy").code, ErrorCode::conflict);
  EXPECT_EQ(error_from_response(404, "").code, ErrorCode::not_found);
  EXPECT_EQ(error_from_response(502, "bad gateway").message,
            "the daemon answered HTTP 502: bad gateway");
}

TEST(ApiErrors, QueryValuesArePercentEncoded) {
  EXPECT_EQ(url_encode("running,paused"), "running,paused");
  EXPECT_EQ(url_encode("a b&c"), "a%20b%26c");
}

}  // namespace
}  // namespace drover::cli
