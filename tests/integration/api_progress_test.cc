// GET /api/jobs/{id}/progress: the progress a job reported, as the daemon
// recorded it, from its start, for the chart on the job's page.
#include <gtest/gtest.h>

#include "api_daemon.h"

namespace drover::testing {
namespace {

TEST(ApiProgress, ChartsWhatTheJobReportedFromItsStartAcrossAttempts) {
  ApiDaemon daemon;
  std::filesystem::path marker = daemon.harness.state_dir() / "second-attempt";
  std::string script =
      "echo '@drover total 40'; for i in 1 2 3 4; do echo \"@drover progress $((i * 5))\"; done; "
      "if [ ! -e " +
      marker.string() + " ]; then touch " + marker.string() +
      "; exit 3; fi; echo '@drover progress 40'";
  long long id = daemon.harness.run({"/bin/sh", "-c", script});
  daemon.harness.wait_for_state(id, {"failed"});
  ASSERT_EQ(daemon.harness.cli({"retry", std::to_string(id)}).exit_code, 0);
  daemon.harness.wait_for_state(id, {"completed"});

  HttpReply reply = daemon.api.get("/api/jobs/" + std::to_string(id) + "/progress");
  ASSERT_EQ(reply.status, 200) << reply.body;
  Json points = reply.json()["points"];
  std::vector<std::pair<int, long long>> seen;
  for (const Json& point : points) {
    seen.emplace_back(point["attempt"].get<int>(), point["current"].get<long long>());
    EXPECT_EQ(point["total"], 40) << point;
    EXPECT_TRUE(point["at"].is_string()) << point;
  }
  std::vector<std::pair<int, long long>> expected{{1, 5},  {1, 10}, {1, 15}, {1, 20}, {2, 5},
                                                  {2, 10}, {2, 15}, {2, 20}, {2, 40}};
  EXPECT_EQ(seen, expected) << points;

  EXPECT_EQ(daemon.api.get("/api/jobs/999/progress").status, 404);
  EXPECT_EQ(daemon.api.get("/api/jobs/abc/progress").status, 400);
}

}  // namespace
}  // namespace drover::testing
