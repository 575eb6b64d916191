#include "core/argv_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

namespace drover {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Argv = std::vector<std::string>;

ParamSpec param(std::string name, std::string type = "string") {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = std::move(type);
  return spec;
}

TypeConfig command_type(Argv command, std::vector<ParamSpec> params) {
  TypeConfig type;
  type.name = "t";
  type.command = std::move(command);
  type.params = std::move(params);
  return type;
}

Argv expand_ok(const TypeConfig& type, const Json& params) {
  Result<Argv> argv = expand_command(type, params);
  EXPECT_TRUE(argv.ok()) << argv.error().message;
  return argv.ok() ? *argv : Argv{};
}

std::string expand_error(const TypeConfig& type, const Json& params) {
  Result<Argv> argv = expand_command(type, params);
  EXPECT_FALSE(argv.ok()) << "expanded to " << Json(*argv).dump();
  return argv.ok() ? "" : argv.error().message;
}

// What /bin/sh prints for the script; proves the quoting, not just its text.
std::string run_shell(const std::string& script) {
  std::string output;
  FILE* pipe = ::popen(script.c_str(), "r");
  if (pipe == nullptr) return "<popen failed>";
  char buffer[256];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  ::pclose(pipe);
  return output;
}

const TypeConfig kClone =
    command_type({"git", "clone", "--depth=1", "{url}", "{dest}"}, {param("url"), param("dest")});

TEST(Templates, EachPlaceholderFillsItsOwnElement) {
  EXPECT_THAT(expand_ok(kClone, {{"url", "https://h/r.git"}, {"dest", "my repos"}}),
              ElementsAre("git", "clone", "--depth=1", "https://h/r.git", "my repos"));
}

TEST(Params, ShellMetacharactersStayOneArgument) {
  EXPECT_THAT(expand_ok(kClone, {{"url", "; rm -rf /tmp/x"}, {"dest", "$(reboot) `id` | x"}}),
              ElementsAre("git", "clone", "--depth=1", "; rm -rf /tmp/x", "$(reboot) `id` | x"));
}

TEST(Params, NulByteRefusedWhereverItIsInsteadOfCutAtExec) {
  std::string with_nul("a\0b", 3);
  EXPECT_THAT(expand_error(kClone, {{"url", with_nul}, {"dest", "d"}}),
              HasSubstr("url contains a NUL byte"));
  EXPECT_THAT(expand_error(builtin_shell_type(), {{"argv", {"echo", with_nul}}}),
              HasSubstr("argv[1] contains a NUL byte"));
  EXPECT_THAT(expand_error(builtin_shell_type(), {{"argv", {"true"}}, {"env", {{"X", with_nul}}}}),
              HasSubstr("env.X contains a NUL byte"));
}

TEST(Params, ShellEnvironmentIsWhatExecCanPass) {
  auto with_env = [](const Json& env) { return Json{{"argv", {"true"}}, {"env", env}}; };
  EXPECT_THAT(expand_error(builtin_shell_type(), with_env({{"COUNT", 3}})),
              HasSubstr("invalid params for shell: env.COUNT must be a string, got 3"));
  EXPECT_THAT(expand_error(builtin_shell_type(), with_env({{"A=B", "x"}})),
              HasSubstr("env name \"A=B\" can't contain '='"));
  EXPECT_THAT(expand_error(builtin_shell_type(), with_env({{"", "x"}})),
              HasSubstr("env has a variable with an empty name"));
  EXPECT_THAT(expand_ok(builtin_shell_type(), with_env({{"HOME", "/tmp"}, {"EMPTY", ""}})),
              ElementsAre("true"));
}

TEST(Params, DashValueRefusedAsBareArgument) {
  EXPECT_THAT(expand_error(kClone, {{"url", "--upload-pack=touch /tmp/pwned"}, {"dest", "d"}}),
              HasSubstr("invalid params for t: url starts with '-'"));
}

TEST(Params, DashValueAllowedWhenTheParamSaysSo) {
  TypeConfig type = kClone;
  type.params[1].allow_dash = true;
  EXPECT_EQ(expand_ok(type, {{"url", "u"}, {"dest", "-dir"}}).back(), "-dir");
}

TEST(Params, DashValueRefusedAtTheStartOfALongerElement) {
  TypeConfig type = command_type({"ls", "{dir}/sub"}, {param("dir")});
  EXPECT_THAT(expand_error(type, {{"dir", "-la"}}), HasSubstr("dir starts with '-'"));
}

TEST(Params, DashValueInsideAnElementIsHarmless) {
  TypeConfig type = command_type({"git", "commit", "--message={msg}"}, {param("msg")});
  EXPECT_THAT(expand_ok(type, {{"msg", "-x"}}), ElementsAre("git", "commit", "--message=-x"));
}

TEST(Params, DashValueRefusedInEveryArrayItem) {
  TypeConfig type = command_type({"rm", "--", "{files}"}, {param("files", "array")});
  EXPECT_THAT(expand_error(type, {{"files", {"a", "-rf"}}}), HasSubstr("files starts with '-'"));
}

TEST(Templates, ArrayParamBecomesSeveralElements) {
  TypeConfig type = command_type({"tar", "-cf", "out.tar", "{files}"}, {param("files", "array")});
  EXPECT_THAT(expand_ok(type, {{"files", {"a b", "c"}}}),
              ElementsAre("tar", "-cf", "out.tar", "a b", "c"));
  EXPECT_THAT(expand_ok(type, {{"files", Json::array()}}), ElementsAre("tar", "-cf", "out.tar"));
}

TEST(Templates, ElementNamingAMissingOptionalParamIsLeftOut) {
  TypeConfig type = command_type({"git", "clone", "--depth={depth}", "{url}", "{dest}"},
                                 {param("depth", "integer"), param("url"), param("dest")});
  EXPECT_THAT(expand_ok(type, {{"url", "u"}}), ElementsAre("git", "clone", "u"));
  EXPECT_THAT(expand_ok(type, {{"url", "u"}, {"depth", 1}, {"dest", nullptr}}),
              ElementsAre("git", "clone", "--depth=1", "u"));
}

TEST(Templates, NumbersAndBooleansBecomeText) {
  TypeConfig type =
      command_type({"job", "{n}", "--ratio={r}", "{force}"},
                   {param("n", "integer"), param("r", "number"), param("force", "boolean")});
  EXPECT_THAT(expand_ok(type, {{"n", 42}, {"r", 0.5}, {"force", true}}),
              ElementsAre("job", "42", "--ratio=0.5", "true"));
}

TEST(Templates, DoubledBracesAreLiteral) {
  TypeConfig type = command_type({"printf", "{{n}}={n} {x y}"}, {param("n")});
  EXPECT_THAT(expand_ok(type, {{"n", "1"}}), ElementsAre("printf", "{n}=1 {x y}"));
}

TEST(Templates, ShellTypeQuotesValuesSoTheShellSeesThemVerbatim) {
  TypeConfig type = command_type({"printf '%s|' {a} {b}"}, {param("a"), param("b")});
  type.shell = true;
  std::string nasty = "it's; rm -rf /tmp/x $(id) `id` \"q\" \\ *";
  Argv argv = expand_ok(type, {{"a", nasty}, {"b", ""}});
  ASSERT_EQ(argv.size(), 3u);
  EXPECT_EQ(argv[0], "/bin/sh");
  EXPECT_EQ(argv[1], "-c");
  EXPECT_EQ(run_shell(argv[2]), nasty + "||");
}

TEST(Templates, ShellArrayParamBecomesOneWordPerItem) {
  TypeConfig type = command_type({"printf '%s|' {files}"}, {param("files", "array")});
  type.shell = true;
  Argv argv = expand_ok(type, {{"files", {"a b", "c'd"}}});
  EXPECT_EQ(run_shell(argv[2]), "a b|c'd|");
}

TEST(Templates, ShellDashRefusedOnlyAtTheStartOfAWord) {
  TypeConfig type = command_type({"git clone {url} dir-{name}"}, {param("url"), param("name")});
  type.shell = true;
  EXPECT_THAT(expand_error(type, {{"url", "--upload-pack=x"}, {"name", "n"}}),
              HasSubstr("url starts with '-'"));
  EXPECT_EQ(expand_ok(type, {{"url", "u"}, {"name", "-n"}})[2], "git clone 'u' dir-'-n'");
}

TEST(Templates, ShellArgumentsAfterTheScriptArePositional) {
  TypeConfig type = command_type({R"(printf '%s' "$1")", "clone", "{url}"}, {param("url")});
  type.shell = true;
  Argv argv = expand_ok(type, {{"url", "a;b"}});
  EXPECT_THAT(argv, ElementsAre("/bin/sh", "-c", R"(printf '%s' "$1")", "clone", "a;b"));
}

TEST(Templates, ShellPlacementsSeeQuotesAndWords) {
  std::vector<ShellPlacement> placements =
      shell_placements(parse_template(R"(echo {a} "{b}" '{c}' x{d} \{e};{f})"));
  ASSERT_EQ(placements.size(), 6u);
  EXPECT_TRUE(placements[0].starts_word && placements[0].ends_word && !placements[0].quoted);
  EXPECT_TRUE(placements[1].quoted);
  EXPECT_TRUE(placements[2].quoted);
  EXPECT_FALSE(placements[3].starts_word);
  EXPECT_TRUE(placements[4].quoted);  // after a backslash
  EXPECT_TRUE(placements[5].starts_word);
}

TEST(Templates, CommandChecksCatchShellMistakes) {
  TypeConfig type = command_type({"echo ${count}"}, {param("count", "integer")});
  type.shell = true;
  EXPECT_THAT(check_command_template(type).value_or(""), HasSubstr("has ${count}"));
  type.command = {"echo {count}"};
  EXPECT_EQ(check_command_template(type), std::nullopt);
}

TEST(Templates, BuiltinShellTypeRunsTheGivenArgv) {
  TypeConfig shell = builtin_shell_type();
  EXPECT_THAT(expand_ok(shell, {{"argv", {"ls", "-la", "{x}"}}}), ElementsAre("ls", "-la", "{x}"));
  EXPECT_THAT(expand_error(shell, {{"argv", Json::array()}}),
              HasSubstr("argv must be a non-empty array of strings, got []"));
  EXPECT_THAT(expand_error(shell, Json::object()), HasSubstr("got nothing"));
}

TEST(Templates, WorkerTypeHasNoCommand) {
  TypeConfig worker = command_type({}, {});
  worker.worker = true;
  EXPECT_THAT(expand_error(worker, Json::object()), HasSubstr("run by a worker"));
}

TEST(Templates, KeyTemplateExpandsOrSaysAParamIsMissing) {
  EXPECT_EQ(expand_template("source:{source_id}", {{"source_id", "wiki"}}), "source:wiki");
  EXPECT_EQ(expand_template("dim:{d}", {{"d", 768}}), "dim:768");
  EXPECT_EQ(expand_template("source:{source_id}", {{"other", 1}}), std::nullopt);
  EXPECT_EQ(expand_template("source:{source_id}", {{"source_id", nullptr}}), std::nullopt);
  EXPECT_EQ(expand_template("fixed", Json::object()), "fixed");
}

TEST(Templates, ShellQuoteHandlesEmptyAndQuotes) {
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("a'b"), R"('a'\''b')");
}

}  // namespace
}  // namespace drover
