#include "core/config.h"
#include "core/config_parser.h"
#include "os/test_dir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>

namespace drover {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Lines joined with '\n', so a test can say which line an error is on.
std::string lines(std::initializer_list<std::string_view> file_lines) {
  std::string text;
  for (std::string_view line : file_lines) text += std::string(line) + "\n";
  return text;
}

Config parse_ok(const std::string& text) {
  Result<Config> config = parse_config(text, "drover.toml");
  EXPECT_TRUE(config.ok()) << config.error().message;
  return config.ok() ? *config : Config{};
}

std::string parse_error(const std::string& text) {
  Result<Config> config = parse_config(text, "drover.toml");
  EXPECT_FALSE(config.ok()) << "the config was accepted";
  if (config.ok()) return "";
  EXPECT_EQ(config.error().code, ErrorCode::invalid);
  return config.error().message;
}

// A minimal valid type, for tests that vary one other thing.
const char* const kEchoType = R"([types.echo]
command = ["echo", "{text}"]
params.text = { type = "string", required = true }
)";

TEST(Config, ParsesTheDesignExample) {
  Config config = parse_ok(lines({
      "[daemon]",
      R"(listen = "127.0.0.1:7878")",
      R"(store  = "sqlite")",
      "[queues.default]",
      "parallel = 4",
      "[resources]",
      "chroma-768 = 1",
      "github-api = 2",
      "[types.metadata]",
      "worker = true",
      "[types.clone-repo]",
      R"(label    = "Clone repository")",
      R"(category = "content")",
      R"(command  = ["git", "clone", "--depth=1", "{url}", "{dest}"])",
      R"(params.url  = { type = "string", required = true, pattern = "https://.*" })",
      R"(params.dest = { type = "string", default = "repos" })",
      R"(queue     = "default")",
      R"(key       = "{url}")",
      R"(conflict  = "repo:{url}")",
      R"(unique_for = "10m")",
      R"(cache_ttl = "7d")",
      R"(resources = ["github-api"])",
      "retries   = 3",
      R"(timeout   = "2h")",
      R"(grace     = "10s")",
      R"(after_types = ["metadata"])",
      "[schedules.nightly]",
      R"(type = "clone-repo")",
      R"(cron = "0 2 * * *")",
      R"(params = { url = "https://example.com/r.git" })",
      "[retention]",
      R"(finished = "24h")",
      "keep_last = 100",
      R"(checkpoints = "7d")",
      R"(log_max = "50MiB")",
  }));
  EXPECT_EQ(config.source, "drover.toml");
  EXPECT_EQ(config.queues.at("default").parallel, 4);
  EXPECT_EQ(config.resources, (std::map<std::string, int>{{"chroma-768", 1}, {"github-api", 2}}));
  const TypeConfig* clone = config.find_type("clone-repo");
  ASSERT_NE(clone, nullptr);
  EXPECT_EQ(clone->label, "Clone repository");
  EXPECT_EQ(clone->command.size(), 5u);
  ASSERT_EQ(clone->params.size(), 2u);
  EXPECT_EQ(clone->params[0].name, "url");
  EXPECT_TRUE(clone->params[0].required);
  EXPECT_EQ(clone->params[1].default_value, Json("repos"));
  EXPECT_EQ(clone->conflict, "repo:{url}");
  EXPECT_EQ(clone->unique_for, 10 * 60'000);
  EXPECT_EQ(clone->cache_ttl, 7 * 86'400'000LL);
  EXPECT_EQ(clone->resources, std::vector<std::string>{"github-api"});
  EXPECT_EQ(clone->retries, 3);
  EXPECT_EQ(clone->timeout, 2 * 3'600'000);
  EXPECT_EQ(clone->grace, 10'000);
  EXPECT_EQ(clone->after_types, std::vector<std::string>{"metadata"});
  EXPECT_EQ(config.schedules.at("nightly").cron, "0 2 * * *");
  EXPECT_EQ(config.schedules.at("nightly").params["url"], "https://example.com/r.git");
  EXPECT_EQ(config.retention.log_max, 50ull * 1024 * 1024);
  EXPECT_EQ(config.retention.keep_last, 100);
}

TEST(Config, UnknownKeyNamesFileAndLine) {
  std::string error = parse_error(lines({
      "[types.echo]",
      R"(command = ["echo"])",
      "",
      R"(comand = ["echo", "typo"])",
  }));
  EXPECT_THAT(error, StartsWith("drover.toml:4: unknown key types.echo.comand; expected one of: "));
  EXPECT_THAT(error, HasSubstr("command"));
}

TEST(Config, UnknownSectionRefused) {
  EXPECT_THAT(parse_error(lines({"[deamon]", R"(listen = "127.0.0.1:1")"})),
              StartsWith("drover.toml:1: unknown key deamon; expected one of: daemon, queues"));
}

TEST(Config, UnknownParamFieldRefused) {
  EXPECT_THAT(parse_error(lines({
                  "[types.echo]",
                  R"(command = ["echo", "{text}"])",
                  R"(params.text = { type = "string", requird = true })",
              })),
              StartsWith("drover.toml:3: unknown key types.echo.params.text.requird"));
}

TEST(Config, ParallelMustBePositiveInteger) {
  EXPECT_EQ(parse_error(lines({"[queues.default]", R"(parallel = "four")"})),
            R"(drover.toml:2: queues.default.parallel must be a positive integer, got "four")");
  EXPECT_EQ(parse_error(lines({"[queues.fast]", "parallel = 0"})),
            "drover.toml:2: queues.fast.parallel must be a positive integer, got 0");
}

TEST(Config, TomlSyntaxErrorHasLine) {
  EXPECT_THAT(parse_error(lines({"[queues.default]", "parallel = 4", "oops ="})),
              StartsWith("drover.toml:3: invalid TOML"));
}

TEST(Config, DefaultsAddedWhenNotDeclared) {
  Config config = parse_ok(kEchoType);
  ASSERT_TRUE(config.queues.contains("default"));
  EXPECT_GE(config.queues.at("default").parallel, 1);
  const TypeConfig* shell = config.find_type("shell");
  ASSERT_NE(shell, nullptr);
  EXPECT_TRUE(shell->command_from_params);
  EXPECT_EQ(config.find_type("echo")->queue, "default");
}

TEST(Config, DeclaredDefaultQueueReplacesBuiltIn) {
  Config config = parse_ok(lines({"[queues.default]", "parallel = 7"}));
  EXPECT_EQ(config.queues.at("default").parallel, 7);
}

TEST(Config, DefaultConfigHasShellAndDefaultQueue) {
  Config config = default_config();
  EXPECT_EQ(config.source, "built-in defaults");
  EXPECT_GE(config.queues.at("default").parallel, 1);
  EXPECT_NE(config.find_type("shell"), nullptr);
  EXPECT_EQ(config.find_type("nope"), nullptr);
}

TEST(Config, TypeWithNeitherCommandNorWorkerRefused) {
  EXPECT_THAT(
      parse_error(lines({"[queues.default]", "parallel = 2", "[types.idle]", R"(label = "Idle")"})),
      StartsWith("drover.toml:3: types.idle has no command"));
}

TEST(Config, TypeWithCommandAndWorkerRefused) {
  EXPECT_THAT(parse_error(lines({"[types.both]", R"(command = ["true"])", "worker = true"})),
              HasSubstr("types.both has both a command and worker = true"));
}

TEST(Config, RunnerWorkerDeclaresAWorkerTypeWithItsLease) {
  Config config = parse_ok(lines({"[types.docs]", R"(runner = "worker")", R"(lease = "2m")",
                                  "[types.fast]", R"(runner = "worker")"}));
  EXPECT_TRUE(config.find_type("docs")->worker);
  EXPECT_EQ(config.find_type("docs")->lease, 120'000);
  EXPECT_EQ(config.find_type("fast")->lease, 30'000);  // the default
  EXPECT_THAT(parse_error(lines({"[types.t]", R"(runner = "lambda")"})),
              HasSubstr("types.t.runner must be \"command\" or \"worker\""));
  EXPECT_THAT(parse_error(lines({"[types.t]", R"(runner = "worker")", R"(lease = "10ms")"})),
              HasSubstr("types.t.lease must be a duration of at least 1s"));
}

TEST(Config, CommandNamingUndeclaredParamRefused) {
  EXPECT_EQ(parse_error(lines({"[types.echo]", R"(command = ["echo", "{txt}"])"})),
            "drover.toml:2: types.echo.command: command[1] names {txt}, which is not a "
            "declared param of echo; declare params.txt, or write {{txt}} for literal braces");
}

TEST(Config, KeyNamingUndeclaredParamRefused) {
  EXPECT_THAT(parse_error(std::string(kEchoType) + R"(key = "{source_id}")" + "\n"),
              StartsWith("drover.toml:4: types.echo.key names {source_id}"));
}

TEST(Config, TypeQueueMustBeDeclared) {
  EXPECT_THAT(parse_error(std::string(kEchoType) + R"(queue = "fast")" + "\n"),
              StartsWith("drover.toml:4: types.echo.queue names queue \"fast\", which is not "
                         "declared; expected one of: default"));
}

TEST(Config, TypeResourcesMustBeDeclared) {
  EXPECT_THAT(parse_error(lines({"[resources]", "gpu = 1", "[types.train]", "worker = true",
                                 R"(resources = ["gpu", "tpu"])"})),
              StartsWith("drover.toml:5: types.train.resources names \"tpu\""));
}

TEST(Config, BadDurationNamesKeyAndExample) {
  EXPECT_THAT(parse_error(std::string(kEchoType) + R"(timeout = "2 hours")" + "\n"),
              StartsWith(R"(drover.toml:4: types.echo.timeout must be a duration like "30s")"));
  EXPECT_THAT(parse_error(std::string(kEchoType) + "timeout = 10\n"), HasSubstr("got 10"));
}

TEST(Config, BadSizeRefused) {
  EXPECT_THAT(parse_error(lines({"[retention]", R"(log_max = "50 megs")"})),
              StartsWith(R"(drover.toml:2: retention.log_max must be a size like "512KiB")"));
}

TEST(Config, TypeLimitsForTheAttemptCgroup) {
  Config config = parse_ok(std::string(kEchoType) + "memory_max = \"512MiB\"\ncpu_max = 0.5\n");
  const TypeConfig& echo = config.types.at("echo");
  EXPECT_EQ(echo.memory_max, 512ull * 1024 * 1024);
  EXPECT_EQ(echo.cpu_max, 0.5);
  EXPECT_FALSE(config.types.at("shell").memory_max || config.types.at("shell").cpu_max);
  EXPECT_THAT(parse_error(std::string(kEchoType) + "memory_max = \"lots\"\n"),
              StartsWith(R"(drover.toml:4: types.echo.memory_max must be a size like "512KiB")"));
  EXPECT_THAT(parse_error(std::string(kEchoType) + "cpu_max = 0\n"),
              StartsWith("drover.toml:4: types.echo.cpu_max must be a number of CPUs"));
}

TEST(Config, ParamsKeepDeclarationOrder) {
  Config config = parse_ok(lines({
      "[types.t]",
      "worker = true",
      R"(params.zeta = { type = "string" })",
      R"(params.alpha = { type = "integer" })",
      R"(params.mid = { type = "boolean" })",
  }));
  const TypeConfig& type = *config.find_type("t");
  ASSERT_EQ(type.params.size(), 3u);
  EXPECT_EQ(type.params[0].name, "zeta");
  EXPECT_EQ(type.params[1].name, "alpha");
  EXPECT_EQ(type.params[2].name, "mid");
}

TEST(Config, UnknownParamTypeRefused) {
  EXPECT_THAT(parse_error(lines({"[types.t]", "worker = true", R"(params.n = { type = "int" })"})),
              StartsWith("drover.toml:3: types.t.params.n.type must be one of string, integer"));
}

TEST(Config, DefaultMustFitItsSchema) {
  EXPECT_THAT(parse_error(lines({"[types.t]", "worker = true",
                                 R"(params.dest = { type = "string", default = 12 })"})),
              StartsWith("drover.toml:3: types.t.params.dest.default does not fit its own schema: "
                         "dest must be a string, got 12"));
}

TEST(Config, PatternMustBeValidRegex) {
  EXPECT_THAT(parse_error(lines({"[types.t]", "worker = true",
                                 R"(params.url = { type = "string", pattern = "https://(" })"})),
              StartsWith("drover.toml:3: types.t.params.url.pattern is not a valid regular "
                         "expression"));
}

TEST(Config, PatternOnIntegerRefused) {
  EXPECT_THAT(parse_error(lines({"[types.t]", "worker = true",
                                 R"(params.n = { type = "integer", pattern = "[0-9]+" })"})),
              HasSubstr("pattern applies to string params only"));
}

TEST(Config, MinAboveMaxRefused) {
  EXPECT_THAT(parse_error(lines({"[types.t]", "worker = true",
                                 R"(params.n = { type = "integer", min = 5, max = 1 })"})),
              HasSubstr("types.t.params.n.min is greater than max"));
}

TEST(Config, AfterTypesMayNameLaterTypesButNotMissingOnes) {
  Config config = parse_ok(lines({"[types.index]", "worker = true", R"(after_types = ["metadata"])",
                                  "[types.metadata]", "worker = true"}));
  EXPECT_EQ(config.find_type("index")->after_types, std::vector<std::string>{"metadata"});
  EXPECT_THAT(
      parse_error(lines({"[types.index]", "worker = true", R"(after_types = ["metdata"])"})),
      StartsWith("drover.toml:3: types.index.after_types names type \"metdata\""));
}

TEST(Config, QuotedPlaceholderInShellScriptRefused) {
  EXPECT_THAT(
      parse_error(lines({"[types.greet]", "shell = true", R"(command = ["echo \"hello {name}\""])",
                         R"(params.name = { type = "string" })"})),
      HasSubstr("puts {name} inside quotes"));
}

TEST(Config, ArrayParamInsideOtherTextRefused) {
  EXPECT_THAT(parse_error(lines({"[types.t]", R"(command = ["tar", "--files={files}"])",
                                 R"(params.files = { type = "array" })"})),
              HasSubstr("array param {files} inside other text"));
}

TEST(Config, ScheduleParamsAreValidatedAgainstTheirType) {
  EXPECT_THAT(parse_error(std::string(kEchoType) +
                          lines({"[schedules.nightly]", R"(type = "echo")", R"(cron = "0 2 * * *")",
                                 "params = { txt = 1 }"})),
              StartsWith("drover.toml:7: schedules.nightly: invalid params for echo: txt is not a "
                         "param of echo (it has text); text is required"));
}

TEST(Config, ScheduleTypeAndCronChecked) {
  EXPECT_THAT(parse_error(lines({"[schedules.s]", R"(type = "nope")", R"(cron = "@daily")"})),
              StartsWith("drover.toml:2: schedules.s.type names type \"nope\""));
  EXPECT_THAT(parse_error(std::string(kEchoType) +
                          lines({"[schedules.s]", R"(type = "echo")", R"(cron = "every day")"})),
              StartsWith("drover.toml:6: schedules.s.cron must be a cron expression"));
}

TEST(Config, RedactPatternsKeptAndChecked) {
  Config config = parse_ok(lines({"[redact]", R"(patterns = ["ghp_[A-Za-z0-9]+", "token=\\S+"])"}));
  EXPECT_EQ(config.redact_patterns, (std::vector<std::string>{"ghp_[A-Za-z0-9]+", "token=\\S+"}));
  EXPECT_THAT(parse_error(lines({"[redact]", R"(patterns = ["ok", "[unclosed"])"})),
              StartsWith("drover.toml:2: redact.patterns[1] is not a valid regular expression"));
}

TEST(Config, DaemonListenAndStoreChecked) {
  Config config =
      parse_ok(lines({"[daemon]", R"(listen = "[::1]:9000")", R"(store = "postgres://u@h/db")"}));
  EXPECT_EQ(config.listen, "[::1]:9000");
  EXPECT_EQ(config.store, "postgres://u@h/db");
  EXPECT_THAT(parse_error(lines({"[daemon]", R"(listen = "localhost")"})),
              StartsWith("drover.toml:2: daemon.listen must be HOST:PORT"));
  EXPECT_THAT(parse_error(lines({"[daemon]", R"(store = "mysql://x")"})),
              StartsWith("drover.toml:2: daemon.store must be \"sqlite\" or"));
}

TEST(Config, NodeNameAndLeaseRead) {
  Config defaults = parse_ok(lines({"[daemon]", R"(listen = "off")"}));
  EXPECT_EQ(defaults.node, "");  // the daemon takes the host name
  EXPECT_EQ(defaults.node_lease, 30'000);
  Config config = parse_ok(lines({"[daemon]", R"(node = "db-1.example")", R"(node_lease = "1m")"}));
  EXPECT_EQ(config.node, "db-1.example");
  EXPECT_EQ(config.node_lease, 60'000);
  EXPECT_THAT(parse_error(lines({"[daemon]", R"(node = "a b")"})),
              HasSubstr("node name \"a b\" may only contain"));
  EXPECT_THAT(parse_error(lines({"[daemon]", R"(node_lease = "500ms")"})),
              StartsWith("drover.toml:2: daemon.node_lease must be a duration of at least \"1s\""));
  EXPECT_THAT(parse_error(lines({"[daemon]", "node_lease = 30"})),
              StartsWith("drover.toml:2: daemon.node_lease must be a duration"));
}

TEST(Config, BadNamesRefused) {
  EXPECT_THAT(parse_error(lines({R"([types."two words"])", "worker = true"})),
              HasSubstr("type name \"two words\" may only contain"));
  EXPECT_THAT(parse_error(lines({"[types.t]", "worker = true", R"(params."a.b" = {})"})),
              HasSubstr("param name \"a.b\" may only contain"));
}

TEST(Config, LoadConfigReadsFileAndNamesItInErrors) {
  TestDir dir;
  std::filesystem::path file = dir.path() / "drover.toml";
  std::ofstream(file) << "[queues.default]\nparallel = -1\n";
  Result<Config> config = load_config(file);
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error().message, StartsWith(file.string() + ":2: queues.default.parallel"));
  Result<Config> missing = load_config(dir.path() / "missing.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::io);
}

}  // namespace
}  // namespace drover
