#include "cli/params_summary.h"

#include <gtest/gtest.h>

namespace drover::cli {
namespace {

const Json kCloneType = Json::parse(R"({
  "name": "clone-repos", "key": "{org}/{repo}", "param_order": ["depth", "repo", "org", "mirror"],
  "params": {"required": ["depth"], "properties": {
    "org": {"type": "string"}, "repo": {"type": "string"},
    "depth": {"type": "integer", "default": 1}, "mirror": {"type": "boolean", "default": false}}}
})");

Job job_of(std::string type, Json params) {
  Job job;
  job.type = std::move(type);
  job.params = std::move(params);
  return job;
}

TEST(ParamsSummary, KeyParamsFirstThenRequiredThenDeclaredOrderWithoutDefaults) {
  Job job =
      job_of("clone-repos", {{"mirror", false}, {"depth", 1}, {"repo", "app"}, {"org", "acme"}});
  // depth is required: kept although it is the default; mirror is not.
  EXPECT_EQ(params_summary(job, kCloneType), "org=acme repo=app depth=1");
  job.params["mirror"] = true;
  EXPECT_EQ(params_summary(job, kCloneType), "org=acme repo=app depth=1 mirror=true");
}

TEST(ParamsSummary, AShellJobShowsItsCommandQuotedOnlyWhereNeeded) {
  Job job = job_of("shell", {{"argv", {"sh", "-c", "echo 'hi there'"}}, {"cwd", "/tmp"}});
  EXPECT_EQ(params_summary(job, Json()), R"(sh -c 'echo '\''hi there'\''')");
}

TEST(ParamsSummary, AnUnknownTypeShowsEveryParam) {
  EXPECT_EQ(params_summary(job_of("gone", {{"b", 2}, {"a", "x"}}), Json()), "a=x b=2");
}

TEST(ParamsSummary, TheCatalogIsKeyedByTypeName) {
  TypeCatalog catalog = type_catalog({{"types", {kCloneType, {{"label", "no name"}}}}});
  ASSERT_EQ(catalog.size(), 1u);
  EXPECT_EQ(catalog.at("clone-repos")["key"], "{org}/{repo}");
}

}  // namespace
}  // namespace drover::cli
