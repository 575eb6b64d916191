#include "crash_jobs.h"

#include <fstream>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace drover::testing {
namespace {

using namespace std::chrono_literals;

std::filesystem::path runs_folder(const Harness& harness) { return harness.state_dir() / "runs"; }

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

}  // namespace

std::vector<PlannedJob> submit_crash_jobs(Harness& harness, int count) {
  std::filesystem::create_directories(runs_folder(harness));
  std::vector<PlannedJob> jobs(count);
  for (int i = 0; i < count; ++i) {
    std::string script = job_script(i, runs_folder(harness), jobs[i].exit_code);
    jobs[i].id = harness.run({"sh", "-c", script});
    EXPECT_GT(jobs[i].id, 0);
  }
  return jobs;
}

void expect_each_ran_once(Harness& harness, const std::vector<PlannedJob>& jobs) {
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
    EXPECT_EQ(runs_of(runs_folder(harness), planned.id), 1)
        << "job " << planned.id << " ran more than once";
  }
  Json all = harness.cli({"ls", "--all", "--json"}).json();
  EXPECT_EQ(all.size() == jobs.size() || (all.is_object() && all["jobs"].size() == jobs.size()),
            true)
      << "jobs lost or duplicated";
}

void crash_at_random_moments(unsigned seed, int min_ms, int max_ms,
                             const std::function<void()>& crash) {
  constexpr int kCrashes = 20;
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> pause_ms(min_ms, max_ms);
  for (int n = 0; n < kCrashes; ++n) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
    crash();
  }
}

}  // namespace drover::testing
