#include "cli/submit_params.h"

#include <gtest/gtest.h>

namespace drover::cli {
namespace {

TEST(SubmitParams, NumbersBooleansArraysAndObjectsAreJson) {
  EXPECT_EQ(parse_param_value("3"), Json(3));
  EXPECT_EQ(parse_param_value("2.5"), Json(2.5));
  EXPECT_EQ(parse_param_value("true"), Json(true));
  EXPECT_EQ(parse_param_value(R"(["a","b"])"), Json({"a", "b"}));
  EXPECT_EQ(parse_param_value(R"({"k":1})"), Json({{"k", 1}}));
}

TEST(SubmitParams, EverythingElseIsAString) {
  EXPECT_EQ(parse_param_value("https://example.com/x?a=b"), Json("https://example.com/x?a=b"));
  EXPECT_EQ(parse_param_value("null"), Json("null"));
  EXPECT_EQ(parse_param_value("\"quoted\""), Json("\"quoted\""));
  EXPECT_EQ(parse_param_value(""), Json(""));
  EXPECT_EQ(parse_param_value("007x"), Json("007x"));
}

TEST(SubmitParams, ValueMayContainEquals) {
  auto params = parse_params({"query=a=b"});
  ASSERT_TRUE(params.ok());
  EXPECT_EQ((*params)["query"], "a=b");
}

TEST(SubmitParams, MissingNameIsAUsageError) {
  auto params = parse_params({"=value"});
  ASSERT_FALSE(params.ok());
  EXPECT_EQ(params.error().code, ErrorCode::usage);
}

TEST(SubmitParams, NameGivenTwiceIsAUsageError) {
  auto params = parse_params({"a=1", "a=2"});
  ASSERT_FALSE(params.ok());
  EXPECT_NE(params.error().message.find("twice"), std::string::npos);
}

}  // namespace
}  // namespace drover::cli
