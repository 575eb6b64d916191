#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "cli/job_detail_view.h"
#include "cli/job_list_view.h"
#include "cli/table.h"

namespace drover::cli {
namespace {

Millis at(const char* text) { return *parse_rfc3339(text); }

class JobViews : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
    view.now = at("2026-11-24T10:53:00Z");
  }

  static Job cloning_repos() {
    Job job;
    job.id = 12;
    job.type = "clone-repos";
    job.params = {{"org", "apo"}};
    job.state = JobState::running;
    job.created_at = at("2026-11-24T10:30:00Z");
    job.started_at = at("2026-11-24T10:30:00Z");
    job.progress.current = 154;
    job.progress.total = 245;
    job.progress.item = "infrastructure-apo-platform";
    job.progress.rate = 0.1;
    job.progress.eta_seconds = 900;
    return job;
  }

  static Job rate_limited_import() {
    Job job;
    job.id = 9;
    job.type = "import";
    job.params = {{"repo", "acme/app"}};
    job.state = JobState::paused;
    job.state_reason = "rate limited";
    job.resume_at = at("2026-11-24T11:00:00Z");
    job.progress.current = 1234;
    job.progress.total = 10000;
    return job;
  }

  ViewOptions view;
};

TEST_F(JobViews, LsPrintsTheTableOfTheDesign) {
  EXPECT_EQ(
      render_job_list({cloning_repos(), rate_limited_import()}, view),
      "ID  TYPE         PARAMS         STATE    PROGRESS       ITEM" + std::string(36, ' ') +
          "RATE   ETA      STARTED\n"
          "12  clone-repos  org=apo        running  154/245 (63%)  infrastructure-apo-platform" +
          std::string(13, ' ') +
          "0.1/s  ~15 min  23 min ago\n"
          "9   import       repo=acme/app  paused   1234/10000     rate limited, resumes 11:00 (in "
          "7 min)\n");
}

TEST_F(JobViews, PhasesAreListedUnderTheirChain) {
  Job chain = cloning_repos();
  chain.id = 20;
  chain.type = "chain";
  chain.params = Json::object();
  Job phase_two = cloning_repos(), phase_one = cloning_repos(), other = rate_limited_import();
  phase_one.id = 21;
  phase_two.id = 22;
  phase_one.parent = phase_two.parent = 20;
  std::string text = render_job_list({phase_two, other, chain, phase_one}, view);
  std::size_t other_row = text.find("\n9 "), chain_row = text.find("\n20 "),
              first = text.find("\n21  └ clone-repos"), second = text.find("\n22  └ clone-repos");
  ASSERT_NE(first, std::string::npos) << text;
  ASSERT_NE(second, std::string::npos) << text;
  EXPECT_LT(other_row, chain_row) << text;
  EXPECT_LT(chain_row, first) << text;
  EXPECT_LT(first, second) << text;
}

TEST_F(JobViews, QueuedJobShowsWhyItWaits) {
  Job job;
  job.id = 3;
  job.type = "index";
  job.wait_reason = "resource chroma-768 busy (job 2)";
  EXPECT_EQ(job_item_text(job, view.now), "resource chroma-768 busy (job 2)");
}

TEST_F(JobViews, ADelayedJobSaysUntilWhenInLocalTimeAndHowLongFromNow) {
  Job job;
  job.wait_reason = "delayed until 2026-11-24T11:23:00.000Z";
  EXPECT_EQ(job_item_text(job, view.now), "delayed until 11:23 (in 30 min)");
  job.wait_reason = "delayed until soon";  // not a time: left as it is
  EXPECT_EQ(job_item_text(job, view.now), "delayed until soon");
}

TEST_F(JobViews, FailedJobShowsItsError) {
  Job job;
  job.state = JobState::failed;
  job.state_reason = "exit code 2";
  EXPECT_EQ(job_item_text(job, view.now), "exit code 2");
  job.error = "git: repository not found";
  EXPECT_EQ(job_item_text(job, view.now), "git: repository not found");
}

TEST_F(JobViews, NarrowTerminalCutsTheItem) {
  view.width = 97;
  std::string text = render_job_list({cloning_repos()}, view);
  EXPECT_NE(text.find("infrastructure-apo…"), std::string::npos) << text;
  for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    EXPECT_LE(display_width(text.substr(start, end - start)), 97u);
  }
}

TEST_F(JobViews, ShowNamesStateReasonParamsAndTimes) {
  Job job = rate_limited_import();
  job.params = {{"source", "github"}};
  job.created_at = at("2026-11-24T10:00:00Z");
  std::string text = render_job_detail(job, view);
  EXPECT_NE(text.find("job         9  import"), std::string::npos) << text;
  EXPECT_NE(text.find("state       paused (rate limited)"), std::string::npos) << text;
  EXPECT_NE(text.find("params      {\"source\":\"github\"}"), std::string::npos) << text;
  EXPECT_NE(text.find("created     2026-11-24 10:00:00 (53 min ago)"), std::string::npos) << text;
  EXPECT_NE(text.find("resumes     2026-11-24 11:00:00 (in 7 min)"), std::string::npos) << text;
}

TEST_F(JobViews, ShowListsFailedItemsCheckpointAndAttempts) {
  Job job = cloning_repos();
  job.progress.items_completed = 153;
  job.progress.items_failed = 1;
  job.progress.failed = {{"infrastructure-adp", "permission denied"}};
  job.checkpoint = Checkpoint{{{"last", 153}}, at("2026-11-24T10:51:00Z")};
  Attempt first;
  first.n = 1;
  first.pid = 4242;
  first.node = "host";
  first.started_at = at("2026-11-24T10:30:00Z");
  first.ended_at = at("2026-11-24T10:40:00Z");
  first.signal = 9;
  first.log_bytes = 10240;
  first.log_truncated = true;
  job.attempts = {first};
  std::string text = render_job_detail(job, view);
  EXPECT_NE(text.find("items       153 ok, 1 failed, 0 skipped"), std::string::npos) << text;
  EXPECT_NE(text.find("checkpoint  saved 2 min ago: {\"last\":153}"), std::string::npos) << text;
  EXPECT_NE(text.find("infrastructure-adp  permission denied"), std::string::npos) << text;
  EXPECT_NE(text.find("SIGKILL"), std::string::npos) << text;
  EXPECT_NE(text.find("(truncated)"), std::string::npos) << text;
}

TEST_F(JobViews, ShowListsHistory) {
  Job job = cloning_repos();
  job.history = {{at("2026-11-24T10:30:00Z"), JobState::queued, JobState::running, "started"}};
  std::string text = render_job_detail(job, view);
  EXPECT_NE(text.find("History\nAT                   FROM    TO       REASON\n"
                      "2026-11-24 10:30:00  queued  running  started\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace drover::cli
