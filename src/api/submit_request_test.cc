#include "api/submit_request.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

Json shell_job() { return {{"type", "shell"}, {"params", {{"argv", {"true"}}}}}; }

std::string error_of(const Json& body) {
  auto request = parse_submit_request(body);
  return request.ok() ? "" : request.error().message;
}

TEST(SubmitRequest, ReadsPriorityAndAfter) {
  Json body = shell_job();
  body["priority"] = -3;
  body["after"] = {12, "@2"};
  auto request = parse_submit_request(body);
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->priority, -3);
  EXPECT_EQ(request->after, std::vector<JobId>{12});
  EXPECT_EQ(request->after_in_batch, std::vector<std::size_t>{1});
}

TEST(SubmitRequest, NumbersThatAreNotWholeOrDoNotFitAreRefusedByName) {
  for (Json priority : {Json(1.5), Json(4294967296LL), Json(18446744073709551615ULL)}) {
    Json body = shell_job();
    body["priority"] = priority;
    EXPECT_NE(error_of(body).find("priority"), std::string::npos) << priority;
  }
  for (Json after : {Json(1e300), Json(18446744073709551615ULL), Json(0), Json("@0")}) {
    Json body = shell_job();
    body["after"] = {after};
    EXPECT_NE(error_of(body).find("after"), std::string::npos) << after;
  }
}

}  // namespace
}  // namespace drover
