// What a job leaves in its folders, read back by the daemon: links it
// planted instead of its log or artifacts (never followed), an artifacts
// folder too large to list at once (paged), and secrets it printed in
// event lines (redacted in the events as in the log).
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../integration/api_daemon.h"

namespace drover::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class Files : public ::testing::Test {
 protected:
  // Runs a shell script as a job and waits for its end.
  long long run_script(const std::string& script) {
    long long id = daemon.harness.run({"/bin/sh", "-c", script});
    daemon.harness.wait_for_state(id, {"completed", "failed"});
    return id;
  }
  std::string job_path(long long id) const { return "/api/jobs/" + std::to_string(id); }

  ApiDaemon daemon{"[redact]\npatterns = [\"token=[a-z0-9-]+\"]\n"};
  const ApiClient& api = daemon.api;
};

// The job's attempt folder is $DROVER_JOB_DIR/../1.
constexpr const char* kPlantLogLink =
    "echo visible; ln -sf /etc/passwd \"$DROVER_JOB_DIR/../1/output.log\"";

TEST_F(Files, ALogReplacedByALinkIsRefusedNotFollowed) {
  long long id = run_script(kPlantLogLink);
  HttpReply logs = api.get(job_path(id) + "/logs");
  EXPECT_EQ(logs.status, 409) << logs.body;
  EXPECT_THAT(logs.body, Not(HasSubstr("root:")));
  EXPECT_THAT(logs.body,
              HasSubstr("output.log is a symbolic link; drover does not follow links a job made"));
  HttpReply tail = api.get(job_path(id) + "/logs?tail=5");
  EXPECT_THAT(tail.body, Not(HasSubstr("root:")));
  CliResult cli = daemon.harness.cli({"logs", std::to_string(id)});
  EXPECT_NE(cli.exit_code, 0);
  EXPECT_THAT(cli.out + cli.err, Not(HasSubstr("root:")));
  EXPECT_THAT(cli.err, HasSubstr("symbolic link"));
}

TEST_F(Files, AFollowedLogReplacedByALinkEndsTheStreamWithoutItsContent) {
  long long id = run_script(kPlantLogLink);
  SseStream stream(api, job_path(id) + "/logs?follow=1");
  std::string seen;
  while (auto event = stream.next(10s)) seen += event->event + ":" + event->data + "\n";
  EXPECT_THAT(seen, Not(HasSubstr("root:")));
}

TEST_F(Files, AnAttemptFolderReplacedByALinkIsNotFollowed) {
  long long id = run_script(
      "cd \"$DROVER_JOB_DIR/..\" && mkdir elsewhere && echo 'root:x:0:0' > elsewhere/output.log && "
      "mv 1 moved && ln -s elsewhere 1");
  HttpReply logs = api.get(job_path(id) + "/logs");
  EXPECT_THAT(logs.body, Not(HasSubstr("root:")));
  EXPECT_EQ(logs.status, 409) << logs.body;
  EXPECT_THAT(logs.body, HasSubstr("symbolic link"));
}

TEST_F(Files, AnArtifactsFolderReplacedByALinkIsRefused) {
  long long id = run_script(
      "rmdir \"$DROVER_ARTIFACTS\" 2>/dev/null; rm -rf \"$DROVER_ARTIFACTS\";"
      "ln -s /etc \"$DROVER_ARTIFACTS\"");
  HttpReply listing = api.get(job_path(id) + "/artifacts");
  EXPECT_EQ(listing.status, 409) << listing.body;
  EXPECT_THAT(listing.body, HasSubstr("artifacts is a symbolic link"));
  HttpReply file = api.get(job_path(id) + "/artifacts/passwd");
  EXPECT_EQ(file.status, 409) << file.body;
  EXPECT_THAT(file.body, Not(HasSubstr("root:")));
}

TEST_F(Files, AnArtifactThatIsALinkOrAPipeIsRefused) {
  long long id = run_script(
      "cd \"$DROVER_ARTIFACTS\" && echo ok > real.txt && ln -s /etc/passwd link.txt && "
      "mkfifo pipe.txt && mkdir d && ln -s /etc d/etc");
  std::string base = job_path(id) + "/artifacts";
  EXPECT_EQ(api.get(base + "/real.txt").body, "ok\n");
  HttpReply link = api.get(base + "/link.txt");
  EXPECT_EQ(link.status, 409);
  EXPECT_THAT(link.body, HasSubstr("link.txt is a symbolic link; drover does not follow links"));
  HttpReply through = api.get(base + "/d/etc/passwd");
  EXPECT_EQ(through.status, 409);
  EXPECT_THAT(through.body, HasSubstr("d/etc is a symbolic link"));
  // A reader of a pipe nobody writes would wait forever: refused at once.
  HttpReply pipe = api.get(base + "/pipe.txt");
  EXPECT_EQ(pipe.status, 404);
  EXPECT_THAT(pipe.body, HasSubstr("not a regular file"));
  Json listing = api.get(base).json();
  ASSERT_EQ(listing["artifacts"].size(), 1u) << listing.dump();
  EXPECT_EQ(listing["artifacts"][0]["path"], "real.txt");
}

TEST_F(Files, AManyFileArtifactsFolderIsListedInPages) {
  long long id = run_script(
      "cd \"$DROVER_ARTIFACTS\" && mkdir sub && i=0; while [ $i -lt 1500 ]; do "
      ": > f$i; i=$((i+1)); done; : > sub/last");
  std::string base = job_path(id) + "/artifacts";
  Json first = api.get(base + "?limit=1000").json();
  EXPECT_EQ(first["artifacts"].size(), 1000u);
  EXPECT_EQ(first["total"], 1501);
  EXPECT_EQ(first["total_capped"], false);
  ASSERT_TRUE(first["next_cursor"].is_string()) << first.dump().substr(0, 300);
  Json second =
      api.get(base + "?limit=1000&cursor=" + first["next_cursor"].get<std::string>()).json();
  EXPECT_EQ(second["artifacts"].size(), 501u);
  EXPECT_TRUE(second["next_cursor"].is_null());
  EXPECT_EQ(second["artifacts"].back()["path"], "sub/last");
  EXPECT_LT(first["artifacts"].back()["path"].get<std::string>(),
            second["artifacts"].front()["path"].get<std::string>());
  // Without a limit: one page of the default size, never all of them.
  EXPECT_LE(api.get(base).json()["artifacts"].size(), 1000u);
  EXPECT_EQ(api.get(base + "?limit=0").status, 400);
}

TEST_F(Files, SecretsInEventLinesAreRedactedInEventsAsInTheLog) {
  // The secret is put together by the shell: the job's params (shown as
  // given) do not hold it.
  long long id = run_script(
      "s=s3cr; echo '@drover total 2';"
      "echo \"@drover progress 1/2 item-token=${s}3t-progress\";"
      "echo \"@drover item fail repo-1 clone failed: token=${s}3t-item\";"
      "echo \"@drover message deploying with token=${s}3t-message\";"
      "echo \"@drover checkpoint {\\\"auth\\\": \\\"token=${s}3t-checkpoint\\\"}\";"
      "echo \"@drover result {\\\"url\\\": \\\"https://h/x?token=${s}3t-result\\\"}\"");
  std::filesystem::path attempt = daemon.harness.attempt_dir(id, 1);
  EXPECT_THAT(file_text(attempt / "output.log"), Not(HasSubstr("s3cr3t")));
  std::string events = file_text(attempt / "events.jsonl");
  EXPECT_THAT(events, HasSubstr("***"));
  EXPECT_THAT(events, Not(HasSubstr("s3cr3t")));
  HttpReply job = api.get(job_path(id));
  EXPECT_THAT(job.body, Not(HasSubstr("s3cr3t")));
  EXPECT_EQ(job.json()["result"]["url"], "https://h/x?***") << job.body;
  CliResult show = daemon.harness.cli({"show", std::to_string(id)});
  EXPECT_THAT(show.out, Not(HasSubstr("s3cr3t")));
  EXPECT_THAT(show.out, HasSubstr("***"));
}

}  // namespace
}  // namespace drover::testing
