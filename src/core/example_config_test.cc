// examples/drover.toml is what a new user runs first (scripts/run): it must
// parse, every type must expand with its defaults, and the job scripts must
// speak the event protocol.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/argv_template.h"
#include "core/config.h"
#include "core/param_schema.h"
#include "os/test_dir.h"

namespace drover {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::filesystem::path kExamples =
    std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "examples";

// The params a user must give at least; the rest come from defaults.
Json minimal_params(const TypeConfig& type) {
  Json params = Json::object();
  for (const ParamSpec& spec : type.params) {
    if (spec.required && spec.name == "repo")
      params[spec.name] = "acme/app";
    else if (spec.required)
      params[spec.name] = "wiki";
  }
  return params;
}

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "<popen failed>";
  char buffer[512];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = ::pclose(pipe);
  return output + (status == 0 ? "" : "<exit status " + std::to_string(status) + ">");
}

std::string script(std::string_view name) { return (kExamples / "jobs" / name).string(); }

TEST(Examples, DemoConfigParses) {
  Result<Config> config = load_config(kExamples / "drover.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  for (const char* name : {"clone-repos", "import-issues", "metadata", "index", "shell"}) {
    EXPECT_NE(config->find_type(name), nullptr) << name;
  }
  // Run by the workers of examples/workers/.
  for (const char* name : {"generate-docs", "issue-import"}) {
    ASSERT_NE(config->find_type(name), nullptr) << name;
    EXPECT_TRUE(config->find_type(name)->worker) << name;
  }
}

TEST(Examples, EveryTypeExpandsToAnExistingScript) {
  Result<Config> config = load_config(kExamples / "drover.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  for (const auto& [name, type] : config->types) {
    if (type.command_from_params || type.shell || type.worker) continue;
    Result<Json> params = validate_params(type, minimal_params(type));
    ASSERT_TRUE(params.ok()) << params.error().message;
    Result<std::vector<std::string>> argv = expand_command(type, *params);
    ASSERT_TRUE(argv.ok()) << argv.error().message;
    std::string program = (*argv)[0];
    ASSERT_TRUE(program.starts_with("@EXAMPLES@/")) << program;
    std::filesystem::path file = kExamples / program.substr(std::string("@EXAMPLES@/").size());
    EXPECT_EQ(::access(file.c_str(), X_OK), 0) << file << " is missing or not executable";
  }
}

TEST(Examples, CloneReposReportsProgressAndFailedItems) {
  std::string output = run(script("clone-repos.sh") + " acme 2 2");
  EXPECT_THAT(output, HasSubstr("@drover total 2\n"));
  EXPECT_THAT(output, HasSubstr("@drover item ok acme-repo-1\n"));
  EXPECT_THAT(output, HasSubstr("@drover item fail acme-repo-2 remote: Repository not found\n"));
  EXPECT_THAT(output, HasSubstr("@drover progress 2/2 acme-repo-2\n"));
  EXPECT_THAT(output, HasSubstr("@drover checkpoint {\"next\": 2}\n"));
  EXPECT_FALSE(output.ends_with(">")) << output;  // exit status 0
}

TEST(Examples, ImportIssuesPausesOnceThenResumesFromItsCheckpoint) {
  std::string first = run(script("import-issues.sh") + " acme/app 120 50 2>/dev/null");
  EXPECT_THAT(first, HasSubstr("@drover pause until=+1m rate limited by GitHub\n"));
  EXPECT_THAT(first, HasSubstr("@drover checkpoint {\"next\": 50}\n"));

  TestDir dir;
  std::filesystem::path checkpoint = dir.path() / "checkpoint.json";
  std::ofstream(checkpoint) << R"({"next": 50})";
  std::string second = run("DROVER_CHECKPOINT=" + checkpoint.string() + " " +
                           script("import-issues.sh") + " acme/app 120 50");
  EXPECT_THAT(second, Not(HasSubstr("@drover pause")));
  EXPECT_THAT(second, Not(HasSubstr("progress 50/120")));  // resumed after 50
  EXPECT_THAT(second, HasSubstr("@drover progress 120/120"));
  EXPECT_FALSE(second.ends_with(">")) << second;
}

}  // namespace
}  // namespace drover
