// Hostile HTTP requests to a real daemon's TCP listener: a page of another
// site reading the API with the browser's cookie, and requests that name an
// access header twice so that two parsers could disagree on which counts.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../integration/api_daemon.h"

namespace drover::testing {
namespace {

using ::testing::HasSubstr;

class HttpHardening : public ::testing::Test {
 protected:
  // What a browser sends once the token link was opened: the cookie, no bearer.
  Headers browser(Headers extra = {}) const {
    extra.emplace_back("Authorization", "");
    extra.emplace_back("Cookie", "drover_token=" + api.token());
    return extra;
  }

  ApiDaemon daemon;
  const ApiClient& api = daemon.api;
};

TEST_F(HttpHardening, TheCookieWorksFromTheDaemonsOwnPages) {
  EXPECT_EQ(api.send("GET", "/api/jobs", browser()).status, 200);
  EXPECT_EQ(api.send("GET", "/api/jobs", browser({{"Origin", "http://" + api.address()}})).status,
            200);
  EXPECT_EQ(api.send("GET", "/api/jobs", browser({{"Sec-Fetch-Site", "same-origin"}})).status, 200);
  // Typed in the address bar or opened from a terminal.
  EXPECT_EQ(api.send("GET", "/api/jobs", browser({{"Sec-Fetch-Site", "none"}})).status, 200);
}

TEST_F(HttpHardening, ACrossOriginGetWithTheCookieIsRefused) {
  for (const std::string& origin :
       std::vector<std::string>{"http://evil.example", "null", "http://localhost:1"}) {
    HttpReply reply = api.send("GET", "/api/jobs", browser({{"Origin", origin}}));
    EXPECT_EQ(reply.status, 403) << origin << ": " << reply.body;
    EXPECT_THAT(reply.body, HasSubstr("bad_origin")) << origin;
  }
}

TEST_F(HttpHardening, ACrossSiteFetchWithoutOriginIsRefusedBySecFetchSite) {
  for (const std::string& site : std::vector<std::string>{"cross-site", "same-site"}) {
    HttpReply reply = api.send("GET", "/api/jobs", browser({{"Sec-Fetch-Site", site}}));
    EXPECT_EQ(reply.status, 403) << site << ": " << reply.body;
    EXPECT_THAT(reply.body, HasSubstr("Sec-Fetch-Site")) << site;
  }
}

TEST_F(HttpHardening, AnAccessHeaderSentTwiceIsRefused) {
  std::string own = api.address();
  std::string bearer = "Bearer " + api.token();
  const std::vector<std::pair<std::string, Headers>> doubled = {
      {"Host", {{"Host", own}, {"Host", "evil.example"}}},
      {"Host", {{"Host", own}, {"Host", own}}},
      {"Authorization", {{"Authorization", bearer}, {"Authorization", "Bearer nope"}}},
      {"Origin", {{"Origin", "http://" + own}, {"Origin", "http://evil.example"}}},
  };
  for (const auto& [name, headers] : doubled) {
    HttpReply reply = api.send("GET", "/api/jobs", headers);
    EXPECT_EQ(reply.status, 400) << name << ": " << reply.body;
    EXPECT_THAT(reply.body, HasSubstr(name)) << reply.body;
  }
}

}  // namespace
}  // namespace drover::testing
