// GET /metrics as Prometheus scrapes it: the families exist and their
// values follow what the daemon did.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api_daemon.h"

namespace drover::testing {
namespace {

using ::testing::HasSubstr;

// The value of the sample line that starts with `series` ("name{labels}").
std::optional<double> sample(const std::string& page, const std::string& series) {
  std::size_t pos = 0;
  while ((pos = page.find(series + " ", pos)) != std::string::npos) {
    if (pos == 0 || page[pos - 1] == '\n') return std::stod(page.substr(pos + series.size() + 1));
    pos += series.size();
  }
  return std::nullopt;
}

TEST(ApiMetrics, FamiliesFollowWhatTheDaemonDid) {
  ApiDaemon daemon("[resources]\ngpu = 2\n");
  const ApiClient& api = daemon.api;
  long long done = daemon.harness.run(
      {"/bin/sh", "-c", "for i in 1 2 3; do echo \"@drover progress $i/3\"; done"});
  long long failed = daemon.harness.run({"/bin/false"});
  daemon.harness.wait_for_state(done, {"completed"});
  daemon.harness.wait_for_state(failed, {"failed"});
  ASSERT_EQ(api.send("POST", "/api/queues/default/pause").status, 200);
  daemon.harness.run({"/bin/true"});

  HttpReply reply = api.get("/metrics");
  ASSERT_EQ(reply.status, 200);
  EXPECT_THAT(reply.header("content-type"), HasSubstr("text/plain; version=0.0.4"));
  const std::string& page = reply.body;
  EXPECT_EQ(sample(page, R"(drover_jobs{state="completed",type="shell"})"), 1) << page;
  EXPECT_EQ(sample(page, R"(drover_jobs{state="failed",type="shell"})"), 1) << page;
  EXPECT_EQ(sample(page, R"(drover_jobs{state="queued",type="shell"})"), 1) << page;
  EXPECT_EQ(sample(page, R"(drover_queue_depth{queue="default"})"), 1);
  EXPECT_EQ(sample(page, R"(drover_queue_running{queue="default"})"), 0);
  EXPECT_EQ(sample(page, R"(drover_queue_paused{queue="default"})"), 1);
  EXPECT_EQ(sample(page, R"(drover_resource_capacity{resource="gpu"})"), 2);
  EXPECT_EQ(sample(page, R"(drover_resource_holders{resource="gpu"})"), 0);
  EXPECT_GE(sample(page, "drover_events_ingested_total").value_or(0), 3);
  EXPECT_EQ(sample(page, "drover_attempt_duration_seconds_count"), 2);
  EXPECT_EQ(sample(page, R"(drover_attempt_duration_seconds_bucket{le="+Inf"})"), 2);
  EXPECT_EQ(sample(page, R"(drover_attempt_duration_seconds_bucket{le="3600"})"), 2);
  EXPECT_GE(sample(page, "drover_attempt_duration_seconds_sum").value_or(-1), 0);
  for (std::string family : {"drover_jobs", "drover_queue_depth", "drover_queue_running",
                             "drover_resource_holders", "drover_resource_capacity",
                             "drover_events_ingested_total", "drover_attempt_duration_seconds"}) {
    EXPECT_THAT(page, HasSubstr("# TYPE " + family + " ")) << family;
  }
  EXPECT_THAT(page, HasSubstr("# TYPE drover_attempt_duration_seconds histogram"));
  EXPECT_THAT(page, HasSubstr("# TYPE drover_events_ingested_total counter"));
}

}  // namespace
}  // namespace drover::testing
