// Losing a node (DESIGN.md, "Several nodes"): the attempts of a node whose
// lease ran out are ended once, by another node, and their jobs resumed
// there from their checkpoints; a node that comes back after that stops the
// attempts it no longer owns, and their late exits are refused.
#include <signal.h>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "cluster.h"

namespace drover::testing {
namespace {

// Three items, a checkpoint after each, from the checkpoint on when there is
// one; then it waits for the gate (argument 1) to open. Each attempt notes
// where it started in the file of argument 2.
constexpr const char* kStepsType = R"(
[types.steps]
command = ["/bin/sh", "-c", """
start=0
if [ -f "$DROVER_CHECKPOINT" ]; then start=$(tr -dc 0-9 < "$DROVER_CHECKPOINT"); fi
echo "attempt $DROVER_ATTEMPT resumed=${DROVER_RESUMED:-0} from $start" >> "$2"
i=$start
while [ "$i" -lt 3 ]; do i=$((i + 1)); echo "item $i" >> "$2"; echo "@drover checkpoint {\\"done\\": $i}"; done
while [ -e "$1" ]; do sleep 0.05; done
""", "steps", "{gate}", "{out}"]
params.gate = { type = "string", required = true }
params.out = { type = "string", required = true }
retries = 1
)";

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

bool has_transition_reason(const Json& job, const std::string& part) {
  for (const Json& transition : job["history"]) {
    if (transition["reason"].get<std::string>().find(part) != std::string::npos) return true;
  }
  return false;
}

class LostNode : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = Cluster::skip_reason()) GTEST_SKIP() << *why;
    cluster.emplace(kStepsType);
    a = &cluster->add_node("node-a");
    b = &cluster->add_node("node-b");
    gate = a->state_dir() / "gate";
    out = a->state_dir() / "steps.out";
    std::ofstream(gate) << "closed\n";
  }

  // A steps job submitted on node a, running there past its three checkpoints.
  long long submit_on_a() {
    long long id = a->submit({"steps", "gate=" + gate.string(), "out=" + out.string()});
    a->wait_for_job(id, [](const Json& job) {
      return job["state"] == "running" && job["checkpoint"].is_object() &&
             job["checkpoint"]["value"]["done"] == 3;
    });
    return id;
  }

  // Waits until node b runs the job's second attempt.
  Json wait_for_attempt_on_b(long long id) {
    return b->wait_for_job(id, [](const Json& job) {
      return job["state"] == "running" && job["attempts"].size() == 2 &&
             job["attempts"][1]["node"] == "node-b" && !job["attempts"][1]["pid"].is_null();
    });
  }

  std::optional<Cluster> cluster;
  Harness* a = nullptr;
  Harness* b = nullptr;
  std::filesystem::path gate;
  std::filesystem::path out;
};

TEST_F(LostNode, ANodeKilledWithItsJobsHasThemResumedElsewhereFromTheirCheckpoints) {
  long long id = submit_on_a();
  pid_t job_pid = a->wait_for_job_pid(id, 1);
  pid_t shim_pid = a->shim_pid(id, 1);
  a->kill_daemon();  // the host goes: daemon, shim and job
  ::kill(shim_pid, SIGKILL);
  ::kill(job_pid, SIGKILL);

  Json moved = wait_for_attempt_on_b(id);
  EXPECT_FALSE(moved["attempts"][0]["ended_at"].is_null());
  EXPECT_TRUE(has_transition_reason(moved, "its node node-a was lost")) << moved.dump(2);
  std::filesystem::remove(gate);
  Json done = b->wait_for_state(id, {"completed"});
  EXPECT_EQ(done["attempts"].size(), 2u);
  // Each item once: the second attempt began at the checkpoint.
  EXPECT_EQ(read_text(out),
            "attempt 1 resumed=0 from 0\nitem 1\nitem 2\nitem 3\n"
            "attempt 2 resumed=1 from 3\n");
}

TEST_F(LostNode, ANodeStoppedPastItsLeaseStopsTheAttemptsMovedAwayAndItsLateExitIsRefused) {
  long long id = submit_on_a();
  pid_t old_job = a->wait_for_job_pid(id, 1);
  a->signal_daemon(SIGSTOP);
  wait_for_attempt_on_b(id);
  a->signal_daemon(SIGCONT);
  // Back, it learns it was declared lost and stops its attempt, whose exit
  // it then refuses; the attempt on b runs on.
  EXPECT_TRUE(a->wait_for_daemon_log("ended by another node while this one was lost"));
  EXPECT_TRUE(wait_until([&] { return !process_alive(old_job); }));
  EXPECT_TRUE(a->wait_for_daemon_log("ignored exit of stale attempt 1 of job"));
  EXPECT_EQ(b->show(id)["state"], "running");
  std::filesystem::remove(gate);
  Json done = b->wait_for_state(id, {"completed"});
  ASSERT_EQ(done["attempts"].size(), 2u);
  EXPECT_TRUE(done["attempts"][0]["exit_code"].is_null()) << done.dump(2);  // not a's late exit
  EXPECT_EQ(done["attempts"][1]["exit_code"], 0);
  EXPECT_EQ(a->show(id)["state"], "completed");  // a reads the same job
}

TEST_F(LostNode, AnExitThatReachedAStoppedNodeAfterItsJobMovedIsRefusedWhenItContinues) {
  long long id = submit_on_a();
  pid_t old_job = a->wait_for_job_pid(id, 1);
  a->signal_daemon(SIGSTOP);
  wait_for_attempt_on_b(id);
  std::filesystem::remove(gate);  // both attempts end; a's exit waits for a to run
  EXPECT_TRUE(wait_until([&] { return !process_alive(old_job); }));
  Json done = b->wait_for_state(id, {"completed"});
  a->signal_daemon(SIGCONT);
  EXPECT_TRUE(a->wait_for_daemon_log("ignored exit of stale attempt 1 of job"));
  Json after = b->show(id);
  ASSERT_EQ(after["attempts"].size(), 2u);
  EXPECT_TRUE(after["attempts"][0]["exit_code"].is_null()) << after.dump(2);  // a's exit refused
  EXPECT_EQ(after["history"].size(), done["history"].size());
}

TEST_F(LostNode, ANodeRestartedAfterItsLeaseRanOutStopsTheShimsItLeftRunning) {
  long long id = submit_on_a();
  pid_t old_job = a->wait_for_job_pid(id, 1);
  a->kill_daemon();  // the daemon alone: its shim and job go on without it
  wait_for_attempt_on_b(id);
  EXPECT_TRUE(process_alive(old_job));
  a->start_daemon();
  EXPECT_TRUE(a->wait_for_daemon_log("its shim still ran here"));
  EXPECT_TRUE(wait_until([&] { return !process_alive(old_job); }));
  EXPECT_EQ(b->show(id)["state"], "running");
  std::filesystem::remove(gate);
  Json done = b->wait_for_state(id, {"completed"});
  ASSERT_EQ(done["attempts"].size(), 2u);
  EXPECT_TRUE(done["attempts"][0]["exit_code"].is_null()) << done.dump(2);
}

}  // namespace
}  // namespace drover::testing
