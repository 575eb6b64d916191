#include "core/param_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace drover {
namespace {

using ::testing::HasSubstr;

ParamSpec param(std::string name, std::string type) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = std::move(type);
  return spec;
}

TypeConfig clone_repos_type() {
  TypeConfig type;
  type.name = "clone-repos";
  ParamSpec url = param("url", "string");
  url.required = true;
  url.pattern = "https://.*";
  ParamSpec dest = param("dest", "string");
  dest.default_value = "repos";
  ParamSpec depth = param("depth", "integer");
  depth.min = 1;
  depth.max = 100;
  ParamSpec mode = param("mode", "string");
  mode.enum_values = {"mirror", "shallow"};
  ParamSpec repos = param("repos", "array");
  type.params = {url, dest, depth, mode, repos};
  type.command = {"git", "clone", "{url}", "{dest}"};
  return type;
}

std::string invalid(const Json& params) {
  Result<Json> checked = validate_params(clone_repos_type(), params);
  EXPECT_FALSE(checked.ok()) << "accepted " << params.dump();
  if (checked.ok()) return "";
  EXPECT_EQ(checked.error().code, ErrorCode::invalid);
  return checked.error().message;
}

TEST(Params, AllProblemsListedInOneError) {
  EXPECT_EQ(invalid({{"dest", 12}}),
            "invalid params for clone-repos: url is required; dest must be a string, got 12");
}

TEST(Params, DefaultsFilledAndGivenValuesKept) {
  Result<Json> params = validate_params(clone_repos_type(), {{"url", "https://x/y.git"}});
  ASSERT_TRUE(params.ok()) << params.error().message;
  EXPECT_EQ(*params, (Json{{"url", "https://x/y.git"}, {"dest", "repos"}}));
}

TEST(Params, NullMeansNotGiven) {
  Result<Json> params = validate_params(
      clone_repos_type(), {{"url", "https://x"}, {"dest", nullptr}, {"mode", nullptr}});
  ASSERT_TRUE(params.ok()) << params.error().message;
  EXPECT_EQ((*params)["dest"], "repos");
  EXPECT_FALSE(params->contains("mode"));
}

TEST(Params, UnknownNamesRefused) {
  EXPECT_THAT(invalid({{"url", "https://x"}, {"colour", "red"}}),
              HasSubstr("colour is not a param of clone-repos (it has url, dest, depth, mode, "
                        "repos)"));
  TypeConfig bare;
  bare.name = "bare";
  Result<Json> checked = validate_params(bare, {{"x", 1}});
  ASSERT_FALSE(checked.ok());
  EXPECT_THAT(checked.error().message, HasSubstr("bare takes no params, got x"));
}

TEST(Params, PatternMustMatchTheWholeValue) {
  EXPECT_THAT(invalid({{"url", "git@host:repo"}}),
              HasSubstr(R"(url must match https://.* (the whole value), got "git@host:repo")"));
  EXPECT_THAT(invalid({{"url", "see https://x"}}), HasSubstr("url must match"));
}

TEST(Params, HugeValueRefusedBeforeTheRegexCanOverflowTheStack) {
  EXPECT_THAT(invalid({{"url", "https://" + std::string(100'000, 'a')}}),
              HasSubstr("url is too long to check against its pattern"));
}

TEST(Params, EnumAndBoundsChecked) {
  EXPECT_THAT(invalid({{"url", "https://x"}, {"mode", "deep"}}),
              HasSubstr(R"(mode must be one of mirror, shallow, got "deep")"));
  EXPECT_THAT(invalid({{"url", "https://x"}, {"depth", 0}}),
              HasSubstr("depth must be at least 1, got 0"));
  EXPECT_THAT(invalid({{"url", "https://x"}, {"depth", 101}}),
              HasSubstr("depth must be at most 100, got 101"));
  EXPECT_THAT(invalid({{"url", "https://x"}, {"depth", 2.5}}),
              HasSubstr("depth must be an integer, got 2.5"));
}

TEST(Params, ArrayItemsHaveTheirType) {
  EXPECT_THAT(invalid({{"url", "https://x"}, {"repos", {"a", 3}}}),
              HasSubstr("repos[1] must be a string, got 3"));
}

TEST(Params, ParamsMustBeAnObject) {
  EXPECT_THAT(invalid(Json::array({1, 2})), HasSubstr("params must be an object, got [1,2]"));
  Result<Json> empty = validate_params(TypeConfig{}, nullptr);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, Json::object());
}

TEST(Params, LongValuesAreCutInMessagesAtACharacterBoundary) {
  std::string text = describe_json(Json(std::string(58, 'a') + "ééé"));
  EXPECT_LE(text.size(), 63u);
  EXPECT_TRUE(text.ends_with("..."));
  EXPECT_NO_THROW((void)Json(text).dump());  // strict dump throws on a cut UTF-8 sequence
}

TEST(Params, TextFromTheCommandLineBecomesTypedJson) {
  EXPECT_EQ(*parse_param_text(param("n", "integer"), "12"), Json(12));
  EXPECT_EQ(*parse_param_text(param("x", "number"), "0.5"), Json(0.5));
  // A whole number stays an integer, so that a job's argv gets "0" and not "0.0".
  EXPECT_TRUE(parse_param_text(param("x", "number"), "0")->is_number_integer());
  EXPECT_EQ(*parse_param_text(param("f", "boolean"), "true"), Json(true));
  EXPECT_EQ(*parse_param_text(param("s", "string"), "12"), Json("12"));
  EXPECT_EQ(*parse_param_text(param("a", "array"), "x,y"), Json({"x", "y"}));
  EXPECT_EQ(*parse_param_text(param("a", "array"), "[1,2]"), Json({1, 2}));
  EXPECT_EQ(*parse_param_text(param("o", "object"), R"({"k":"v"})"), Json({{"k", "v"}}));
  ParamSpec counts = param("counts", "array");
  counts.items = "integer";
  EXPECT_EQ(*parse_param_text(counts, "1,2"), Json({1, 2}));
}

TEST(Params, UnreadableTextNamesTheParam) {
  Result<Json> number = parse_param_text(param("count", "integer"), "12x");
  ASSERT_FALSE(number.ok());
  EXPECT_EQ(number.error().message, R"(count must be an integer, got "12x")");
  EXPECT_FALSE(parse_param_text(param("f", "boolean"), "yes").ok());
  EXPECT_THAT(parse_param_text(param("o", "object"), "[1]").error().message, HasSubstr("(JSON)"));
}

}  // namespace
}  // namespace drover
