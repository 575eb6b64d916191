// The operator's view from the command line: help and usage errors, waiting
// on jobs, queues changed at run time, params typed by the type's schema,
// and a log that reads well. Real daemon, real CLI.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>

#include <gtest/gtest.h>

#include "harness.h"

namespace drover::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliHelp, BareDroverAndHelpPrintTheCommands) {
  Harness harness;
  for (const std::vector<std::string>& args : {std::vector<std::string>{}, {"help"}}) {
    CliResult result = harness.cli(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(contains(result.out, "submit")) << result.out;
    EXPECT_TRUE(contains(result.out, "follow")) << result.out;
  }
}

TEST(CliHelp, AnUnknownCommandSuggestsTheNearestOne) {
  Harness harness;
  CliResult result = harness.cli({"sho", "3"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "unknown command `sho`; did you mean `show`?")) << result.err;
}

TEST(CliHelp, AnIdThatIsNotANumberIsAUsageError) {
  Harness harness;
  CliResult result = harness.cli({"show", "abc"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(contains(result.err, "job id must be a number, got \"abc\"")) << result.err;
}

TEST(CliUi, PrintsTheAddressAndTheLoginLink) {
  Harness harness("[daemon]\nlisten = \"127.0.0.1:0\"\n");
  harness.start_daemon();
  Json ui = harness.cli({"ui", "--json"}).json();
  std::string token;
  std::ifstream(harness.state_dir() / "token") >> token;
  EXPECT_TRUE(ui["url"].get<std::string>().starts_with("http://127.0.0.1:")) << ui;
  EXPECT_EQ(ui["login_url"], ui["url"].get<std::string>() + "?token=" + token);
}

TEST(CliUi, DaemonStartPrintsTheAddressAndTheLoginLink) {
  Harness harness("[daemon]\nlisten = \"127.0.0.1:0\"\n");
  CliResult started = harness.cli({"daemon", "start"});
  EXPECT_EQ(started.exit_code, 0) << started.err;
  CliResult ui = harness.cli({"ui"});
  EXPECT_EQ(harness.cli({"daemon", "stop"}).exit_code, 0);
  EXPECT_TRUE(contains(started.out, "drover daemon started")) << started.out;
  EXPECT_TRUE(contains(started.out, "Web UI:  http://127.0.0.1:")) << started.out;
  EXPECT_TRUE(contains(started.out, ui.out)) << started.out << "\n---\n" << ui.out;
}

// The browser is whatever xdg-open starts: a stand-in on PATH records the
// link it was given, which must be the one that signs the browser in.
TEST(CliUi, OpenHandsTheLoginLinkToXdgOpen) {
  Harness harness("[daemon]\nlisten = \"127.0.0.1:0\"\n");
  harness.start_daemon();
  std::filesystem::path bin = harness.state_dir() / "fake-bin";
  std::filesystem::create_directories(bin);
  std::filesystem::path opened = harness.state_dir() / "opened.txt";
  {
    std::ofstream script(bin / "xdg-open");
    script << "#!/bin/sh\nprintf '%s' \"$1\" > " << opened.string() << ".part && mv "
           << opened.string() << ".part " << opened.string() << "\n";
  }
  std::filesystem::permissions(bin / "xdg-open", std::filesystem::perms::owner_all);
  std::string path = bin.string() + ":" + std::getenv("PATH");
  CliResult ui = run_program({"/usr/bin/env", "PATH=" + path, Harness::drover_bin(), "--state-dir",
                              harness.state_dir().string(), "ui", "--open"},
                             std::chrono::seconds(30));
  EXPECT_EQ(ui.exit_code, 0) << ui.err;
  EXPECT_TRUE(contains(ui.out, "Opened the link in your browser.")) << ui.out;
  ASSERT_TRUE(wait_for_file(opened));
  std::string link;
  std::ifstream(opened) >> link;
  Json address = harness.cli({"ui", "--json"}).json();
  EXPECT_EQ(link, address["login_url"]);
}

TEST(CliUi, OpenSaysWhatToDoWithoutXdgOpen) {
  Harness harness("[daemon]\nlisten = \"127.0.0.1:0\"\n");
  harness.start_daemon();
  std::filesystem::path empty = harness.state_dir() / "empty-bin";
  std::filesystem::create_directories(empty);
  CliResult ui = run_program({"/usr/bin/env", "PATH=" + empty.string(), Harness::drover_bin(),
                              "--state-dir", harness.state_dir().string(), "ui", "--open"},
                             std::chrono::seconds(30));
  EXPECT_EQ(ui.exit_code, 1);
  EXPECT_TRUE(contains(ui.out, "Log in:  http://127.0.0.1:")) << ui.out;
  EXPECT_TRUE(contains(ui.err, "xdg-open")) << ui.err;
  EXPECT_TRUE(contains(ui.err, "open the link above yourself")) << ui.err;
}

TEST(CliUi, SaysWhyWhenThereIsNoWebUi) {
  Harness harness;
  harness.start_daemon();
  CliResult ui = harness.cli({"ui"});
  EXPECT_EQ(ui.exit_code, 1);
  EXPECT_TRUE(contains(ui.err, "listen")) << ui.err;
}

TEST(CliWait, ExitsZeroWhenAllCompletedAndOneWhenAnyFailed) {
  Harness harness;
  harness.start_daemon();
  long long ok = harness.run({"true"});
  long long also_ok = harness.run({"sh", "-c", "echo done"});
  CliResult all_ok = harness.cli({"wait", std::to_string(ok), std::to_string(also_ok)});
  EXPECT_EQ(all_ok.exit_code, 0) << all_ok.err;
  EXPECT_EQ(harness.show(ok)["state"], "completed");
  EXPECT_EQ(harness.show(also_ok)["state"], "completed");

  long long bad = harness.run({"false"});
  CliResult some_failed = harness.cli({"wait", std::to_string(ok), std::to_string(bad)});
  EXPECT_EQ(some_failed.exit_code, 1);
  EXPECT_TRUE(contains(some_failed.out, "failed")) << some_failed.out;
}

TEST(CliWait, AnyReturnsWhenTheFirstJobEnds) {
  Harness harness;
  harness.start_daemon();
  std::filesystem::path release = harness.state_dir() / "release";
  long long blocked =
      harness.run({"sh", "-c", "while [ ! -e \"$0\" ]; do sleep 0.1; done", release.string()});
  long long quick = harness.run({"true"});
  CliResult any = harness.cli({"wait", "--any", std::to_string(blocked), std::to_string(quick)});
  EXPECT_EQ(any.exit_code, 0) << any.err;
  EXPECT_EQ(harness.show(blocked)["state"], "running");
  std::ofstream(release).put('\n');
  harness.wait_for_state(blocked, {"completed"});
}

TEST(CliWait, AnUnknownJobIsNotFound) {
  Harness harness;
  harness.start_daemon();
  EXPECT_EQ(harness.cli({"wait", "999"}).exit_code, 3);
}

TEST(CliQueues, ParallelIsSetAtRunTime) {
  Harness harness;
  harness.start_daemon();
  CliResult set = harness.cli({"queues", "set", "default", "parallel=1"});
  EXPECT_EQ(set.exit_code, 0) << set.err;
  EXPECT_TRUE(contains(set.out, "queue default: parallel 1")) << set.out;
  Json queues = harness.cli({"queues", "--json"}).json();
  EXPECT_EQ(queues["queues"][0]["parallel"], 1);

  std::filesystem::path release = harness.state_dir() / "release";
  std::vector<std::string> blocker{"sh", "-c", "while [ ! -e \"$0\" ]; do sleep 0.1; done",
                                   release.string()};
  long long first = harness.run(blocker);
  long long second = harness.run(blocker);
  harness.wait_for_state(first, {"running"});
  Json waiting = harness.show(second);
  EXPECT_EQ(waiting["state"], "queued");
  EXPECT_TRUE(contains(waiting["wait_reason"].dump(), "queue default full")) << waiting;
  std::ofstream(release).put('\n');
  harness.wait_for_state(second, {"completed"});
}

TEST(CliQueues, BadSettingsAreUsageErrorsAndUnknownQueuesNotFound) {
  Harness harness;
  harness.start_daemon();
  EXPECT_EQ(harness.cli({"queues", "set", "default", "parallel=many"}).exit_code, 2);
  EXPECT_EQ(harness.cli({"queues", "set", "default", "parallel=0"}).exit_code, 2);
  EXPECT_EQ(harness.cli({"queues", "set", "default", "speed=3"}).exit_code, 2);
  EXPECT_EQ(harness.cli({"queues", "set", "nope", "parallel=2"}).exit_code, 3);
}

constexpr const char* kTypedConfig = R"(
[daemon]
listen = "off"
[queues.default]
parallel = 2
[types.index]
command = ["true"]
params.source_id = { type = "string", required = true }
params.dimension = { type = "string", default = "384" }
[types.embed]
command = ["true"]
params.dimension = { type = "integer", enum = [384, 768], description = "vector size" }
params.model = { type = "string", enum = ["small", "large"], default = "small" }
)";

TEST(CliParams, DigitsForAStringParamStayAString) {
  Harness harness(kTypedConfig);
  harness.start_daemon();
  long long id = harness.submit({"index", "source_id=42", "dimension=768"});
  Json params = harness.show(id)["params"];
  EXPECT_EQ(params["dimension"], "768");
  EXPECT_EQ(params["source_id"], "42");
}

TEST(CliParams, IntegerEnumsAreDeclaredAndEnforced) {
  Harness harness(kTypedConfig);
  harness.start_daemon();
  long long id = harness.submit({"embed", "dimension=768"});
  EXPECT_EQ(harness.show(id)["params"]["dimension"], 768);
  CliResult refused = harness.cli({"submit", "embed", "dimension=512"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_TRUE(contains(refused.err, "dimension must be one of 384, 768, got 512")) << refused.err;
  CliResult not_a_number = harness.cli({"submit", "embed", "dimension=big"});
  EXPECT_EQ(not_a_number.exit_code, 2);
  EXPECT_TRUE(contains(not_a_number.err, "dimension must be an integer")) << not_a_number.err;
}

TEST(CliParams, InvalidDurationsAreUsageErrors) {
  Harness harness(kTypedConfig);
  harness.start_daemon();
  EXPECT_EQ(harness.cli({"submit", "index", "source_id=1", "--delay", "soon"}).exit_code, 2);
}

TEST(CliTypes, ParamsInDeclarationOrderWithTheirSchema) {
  Harness harness(kTypedConfig);
  harness.start_daemon();
  CliResult types = harness.cli({"types"});
  EXPECT_EQ(types.exit_code, 0) << types.err;
  EXPECT_TRUE(contains(types.out, "source_id*:string dimension:string")) << types.out;
  CliResult embed = harness.cli({"types", "embed"});
  EXPECT_EQ(embed.exit_code, 0) << embed.err;
  std::size_t dimension = embed.out.find("dimension"), model = embed.out.find("model");
  ASSERT_NE(dimension, std::string::npos) << embed.out;
  EXPECT_LT(dimension, model) << embed.out;
  EXPECT_TRUE(contains(embed.out, "384, 768")) << embed.out;
  EXPECT_TRUE(contains(embed.out, "vector size")) << embed.out;
  EXPECT_TRUE(contains(embed.out, "small")) << embed.out;
}

TEST(CliActions, CancelAndRetrySayWhatHappened) {
  Harness harness;
  harness.start_daemon();
  long long failed = harness.run({"false"});
  harness.wait_for_state(failed, {"failed"});
  CliResult retried = harness.cli({"retry", std::to_string(failed)});
  EXPECT_EQ(retried.exit_code, 0) << retried.err;
  // Queued, or already started when the queue had a free slot.
  std::string job = "job " + std::to_string(failed);
  EXPECT_TRUE(contains(retried.out, job + " queued again (attempt 2)") ||
              contains(retried.out, job + " running again (attempt 2)"))
      << retried.out;
}

// A job that reports through @drover lines and writes to both streams.
constexpr const char* kChattyJob =
    "echo '@drover progress 1/3 a'; echo first; echo oops >&2; "
    "echo '@drover progress 2/3 b'; echo second";

TEST(CliLogs, EventLinesHiddenStderrMarkedShortTimes) {
  Harness harness;
  harness.start_daemon();
  long long id = harness.run({"sh", "-c", kChattyJob});
  harness.wait_for_state(id, {"completed"});
  std::string job = std::to_string(id);
  CliResult plain = harness.cli({"logs", job});
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_FALSE(contains(plain.out, "@drover")) << plain.out;
  EXPECT_TRUE(std::regex_search(plain.out, std::regex("(^|\n)\\d\\d:\\d\\d:\\d\\d   first\n")))
      << plain.out;
  EXPECT_TRUE(std::regex_search(plain.out, std::regex("\\d\\d:\\d\\d:\\d\\d ! oops\n")))
      << plain.out;
  EXPECT_TRUE(contains(harness.cli({"logs", job, "--events"}).out, "@drover progress 2/3 b"));
  CliResult bare = harness.cli({"logs", job, "--no-time"});
  // stdout and stderr are two pipes: "oops" may come before or after "first".
  EXPECT_TRUE(contains(bare.out, "  first\n")) << bare.out;
  EXPECT_TRUE(contains(bare.out, "! oops\n")) << bare.out;
  EXPECT_LT(bare.out.find("  first\n"), bare.out.find("  second\n")) << bare.out;
  CliResult utc = harness.cli({"logs", job, "--utc"});
  EXPECT_TRUE(std::regex_search(utc.out, std::regex("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z   first")))
      << utc.out;
}

// Two phases: "quick" prints and ends; "held" prints, then waits for a file.
constexpr const char* kChainConfig = R"(
[daemon]
listen = "off"
[queues.default]
parallel = 2
[types.quick]
command = ["sh", "-c", "echo quick-output"]
[types.held]
command = ["sh", "-c", "echo held-output; while [ ! -e \"$0\" ]; do sleep 0.1; done", "{release}"]
params.release = { type = "string", required = true }
)";

class ChainView : public ::testing::Test {
 protected:
  Harness harness{kChainConfig};
  std::filesystem::path release = harness.state_dir() / "release";

  long long submit_chain() {
    Json chain = {
        {"name", "two-steps"},
        {"phases",
         {{{"type", "quick"}, {"weight", 1}},
          {{"type", "held"}, {"weight", 3}, {"params", {{"release", release.string()}}}}}}};
    std::filesystem::path file = harness.state_dir() / "chain.json";
    std::ofstream(file) << chain.dump();
    CliResult submitted = harness.cli({"chain", "submit", file.string()});
    EXPECT_EQ(submitted.exit_code, 0) << submitted.err;
    return std::atoll(submitted.out.c_str());
  }

  // The chain once its second phase runs.
  Json wait_for_second_phase(long long chain) {
    return harness.wait_for_job(
        chain, [](const Json& job) { return job["phases"][1]["state"] == "running"; });
  }
};

TEST_F(ChainView, TheReasonFollowsTheRunningPhaseWithOneHistoryLinePerPhase) {
  harness.start_daemon();
  long long chain = submit_chain();
  wait_for_second_phase(chain);
  Json job = harness.wait_for_state(chain, {"running"});
  std::vector<std::string> reasons;
  for (const Json& line : job["history"]) reasons.push_back(line["reason"]);
  EXPECT_EQ(std::count(reasons.begin(), reasons.end(), "phase 2 (held) running"), 1) << job;
  EXPECT_TRUE(contains(harness.cli({"show", std::to_string(chain)}).out,
                       "running (phase 2 (held) running)"));
  std::ofstream(release).put('\n');
  harness.wait_for_state(chain, {"completed"});
}

TEST_F(ChainView, LogsOfAChainAreItsRunningPhases) {
  harness.start_daemon();
  long long chain = submit_chain();
  long long held = wait_for_second_phase(chain)["phases"][1]["job"];
  // Running is not yet printed: wait until its line is in the log.
  harness.wait_for_job(held, [&](const Json&) {
    return contains(harness.cli({"logs", std::to_string(held)}).out, "held-output");
  });
  CliResult logs = harness.cli({"logs", std::to_string(chain), "--no-time"});
  EXPECT_EQ(logs.exit_code, 0) << logs.err;
  EXPECT_TRUE(contains(logs.out, "held-output")) << logs.out;
  EXPECT_TRUE(contains(logs.err, "phase 2/2 (held)")) << logs.err;
  std::ofstream(release).put('\n');
  harness.wait_for_state(chain, {"completed"});
}

// `follow --log` prints the running phase's output above the progress line
// and ends with the chain's verdict; piped, there is no bar to redraw.
TEST_F(ChainView, FollowWithLogPrintsTheRunningPhasesOutputThenTheVerdict) {
  harness.start_daemon();
  long long chain = submit_chain();
  long long held = wait_for_second_phase(chain)["phases"][1]["job"];
  auto following = std::async(std::launch::async, [&] {
    return harness.cli({"follow", "--log", "--no-time", std::to_string(chain)},
                       std::chrono::seconds(60));
  });
  harness.wait_for_job(held, [&](const Json&) {
    return contains(harness.cli({"logs", std::to_string(held)}).out, "held-output");
  });
  std::ofstream(release).put('\n');
  CliResult followed = following.get();
  EXPECT_EQ(followed.exit_code, 0) << followed.err;
  std::string phase_note = "--- phase 2/2 (held), job " + std::to_string(held) + " ---";
  // Piped, a progress line may come between the note and the output.
  std::size_t note = followed.out.find(phase_note + "\n");
  std::size_t output = followed.out.find("\n  held-output\n");
  EXPECT_NE(note, std::string::npos) << followed.out;
  EXPECT_NE(output, std::string::npos) << followed.out;
  EXPECT_LT(note, output) << followed.out;
  EXPECT_TRUE(contains(followed.out, "job " + std::to_string(chain) + " completed"))
      << followed.out;
  EXPECT_FALSE(contains(followed.out, "\x1b[")) << "no terminal codes when piped";
  EXPECT_EQ(harness.cli({"follow", "--log", "--json", std::to_string(chain)}).exit_code, 2);
}

TEST_F(ChainView, RemovingAPhaseOfALiveChainIsRefused) {
  harness.start_daemon();
  long long chain = submit_chain();
  Json job = wait_for_second_phase(chain);
  long long first_phase = job["phases"][0]["job"];
  CliResult refused = harness.cli({"rm", std::to_string(first_phase)});
  EXPECT_EQ(refused.exit_code, 4);
  EXPECT_TRUE(contains(refused.err, "phase of chain job " + std::to_string(chain))) << refused.err;
  std::ofstream(release).put('\n');
  harness.wait_for_state(chain, {"completed"});
  EXPECT_EQ(harness.cli({"rm", std::to_string(first_phase)}).exit_code, 0);
}

// `daemon reload` waits for the daemon's verdict instead of only sending SIGHUP.
TEST(CliDaemon, ReloadSaysWhetherTheNewConfigTook) {
  Harness harness;
  harness.start_daemon();
  std::ofstream(harness.state_dir() / "drover.toml")
      << Harness::kDefaultConfig << "[types.added]\ncommand = [\"true\"]\n";
  CliResult took = harness.cli({"daemon", "reload"});
  EXPECT_EQ(took.exit_code, 0) << took.err;
  EXPECT_TRUE(contains(took.out, "reloaded its config")) << took.out;
  EXPECT_TRUE(contains(harness.cli({"types"}).out, "added"));
  std::ofstream(harness.state_dir() / "drover.toml") << "[queues.default]\nparallel = \"many\"\n";
  CliResult refused = harness.cli({"daemon", "reload"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.err, "the old one stays in force")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "parallel")) << refused.err;
  EXPECT_TRUE(contains(harness.cli({"types"}).out, "added"));
}

}  // namespace
}  // namespace drover::testing
