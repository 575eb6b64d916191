// Kill -9 the daemon at random moments while 50 jobs are queued and running,
// 20 times over; afterwards every job has exactly one final state that
// matches what it did, none ran twice and none was lost.
#include <fstream>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "harness.h"

namespace drover::testing {
namespace {

using namespace std::chrono_literals;

struct PlannedJob {
  long long id = 0;
  int exit_code = 0;
};

// A mix: short and long, succeeding and failing, quiet and loud. Every run
// appends a line to runs/<job id>, so a second run of a job shows.
std::string job_script(int index, const std::filesystem::path& runs, int& exit_code) {
  std::string mark = fmt::format("echo run >> {}/$DROVER_JOB_ID; ", runs.string());
  exit_code = index % 5 == 1 ? index % 7 + 1 : 0;
  double seconds = 0.2 + (index % 8) * 0.3;
  std::string body = index % 6 == 2 ? "seq 1 300000; " : fmt::format("sleep {:.1f}; ", seconds);
  return mark + body + fmt::format("exit {}", exit_code);
}

int runs_of(const std::filesystem::path& runs, long long id) {
  std::ifstream file(runs / std::to_string(id));
  int lines = 0;
  for (std::string line; std::getline(file, line);) lines++;
  return lines;
}

TEST(DaemonCrash, TwentyKillNineRestartsLoseNothingAndRunNothingTwice) {
  Harness harness("[daemon]\nlisten = \"off\"\n[queues.default]\nparallel = 4\n");
  std::filesystem::path runs = harness.state_dir() / "runs";
  std::filesystem::create_directories(runs);
  harness.start_daemon();
  std::vector<PlannedJob> jobs(50);
  for (int i = 0; i < 50; ++i) {
    std::string script = job_script(i, runs, jobs[i].exit_code);
    jobs[i].id = harness.run({"sh", "-c", script});
    ASSERT_GT(jobs[i].id, 0);
  }
  std::mt19937 random(20261124);
  std::uniform_int_distribution<int> pause_ms(100, 1200);
  for (int crash = 0; crash < 20; ++crash) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
    harness.kill_daemon();
    harness.start_daemon();
  }
  for (const PlannedJob& planned : jobs) {
    Json job = harness.wait_for_state(planned.id, {"completed", "failed"}, 180s);
    std::string expected = planned.exit_code == 0 ? "completed" : "failed";
    EXPECT_EQ(job["state"], expected) << job.dump(2);
    int ended_runs = 0;
    for (const Json& attempt : job["attempts"]) {
      if (!attempt["exit_code"].is_null() || !attempt["signal"].is_null()) ended_runs++;
    }
    EXPECT_EQ(ended_runs, 1) << "job " << planned.id << " has " << ended_runs << " real runs";
    EXPECT_EQ(job["attempts"].back()["exit_code"], planned.exit_code) << job.dump(2);
    EXPECT_EQ(runs_of(runs, planned.id), 1) << "job " << planned.id << " ran more than once";
  }
  Json all = harness.cli({"ls", "--all", "--json"}).json();
  EXPECT_EQ(all.size() == 50 || (all.is_object() && all["jobs"].size() == 50), true)
      << "jobs lost or duplicated";
}

}  // namespace
}  // namespace drover::testing
