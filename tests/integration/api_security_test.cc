// The TCP API as hostile or careless clients meet it: no token, a wrong
// Host (DNS rebinding), a cross-site Origin, paths that try to leave a
// job's folders, bodies and headers too large.
#include <poll.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api_daemon.h"

namespace drover::testing {
namespace {

using ::testing::HasSubstr;

void expect_error_format(const HttpReply& reply, int status, const std::string& what) {
  EXPECT_EQ(reply.status, status) << what << ": " << reply.body;
  EXPECT_THAT(reply.header("content-type"), HasSubstr("application/json")) << what;
  Json body = reply.json();
  ASSERT_TRUE(body.is_object() && body.contains("error")) << what << ": " << reply.body;
  EXPECT_TRUE(body["error"]["code"].is_string()) << what << ": " << reply.body;
  EXPECT_TRUE(body["error"]["message"].is_string()) << what << ": " << reply.body;
}

// Every route of DESIGN.md's HTTP API, with a concrete path.
const std::vector<std::pair<std::string, std::string>> kRoutes = {
    {"GET", "/api/jobs"},
    {"POST", "/api/jobs"},
    {"GET", "/api/jobs/1"},
    {"DELETE", "/api/jobs/1"},
    {"POST", "/api/jobs/1/cancel"},
    {"POST", "/api/jobs/1/retry"},
    {"GET", "/api/jobs/1/logs"},
    {"GET", "/api/jobs/1/logs?follow=1"},
    {"GET", "/api/jobs/1/artifacts"},
    {"GET", "/api/jobs/1/artifacts/out.txt"},
    {"GET", "/api/events"},
    {"GET", "/api/types"},
    {"POST", "/api/chains/validate"},
    {"POST", "/api/chains"},
    {"GET", "/api/templates"},
    {"GET", "/api/templates/nightly"},
    {"PUT", "/api/templates/nightly"},
    {"DELETE", "/api/templates/nightly"},
    {"GET", "/api/queues"},
    {"POST", "/api/queues/default/pause"},
    {"GET", "/api/resources"},
    {"GET", "/api/interrupted"},
    {"GET", "/api/workers"},
    {"POST", "/api/workers/fetch"},
    {"POST", "/api/workers/reports"},
    {"GET", "/api/nodes"},
    {"GET", "/api/cache"},
    {"POST", "/api/clean"},
    {"GET", "/api/openapi.json"},
    {"GET", "/metrics"},
    {"GET", "/assets/app.js"},
    {"GET", "/no/such/route"},
};

class ApiSecurity : public ::testing::Test {
 protected:
  ApiDaemon daemon;
  const ApiClient& api = daemon.api;
};

TEST_F(ApiSecurity, EveryRouteButHealthzNeedsTheToken) {
  for (const auto& [method, target] : kRoutes) {
    HttpReply reply = api.send(method, target, {{"Authorization", ""}}, "{}");
    expect_error_format(reply, 401, method + " " + target);
    EXPECT_EQ(reply.header("www-authenticate"), "Bearer");
    HttpReply wrong = api.send(method, target, {{"Authorization", "Bearer nope"}}, "{}");
    EXPECT_EQ(wrong.status, 401) << method << " " << target;
  }
  HttpReply health = api.send("GET", "/healthz", {{"Authorization", ""}});
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.json()["ok"], true);
}

TEST_F(ApiSecurity, BrowserWithoutTheCookieGetsALoginForm) {
  HttpReply page = api.send("GET", "/", {{"Authorization", ""}});
  EXPECT_EQ(page.status, 401);
  EXPECT_THAT(page.header("content-type"), HasSubstr("text/html"));
  EXPECT_THAT(page.body, HasSubstr("<form method=\"post\" action=\"/login\">"));
  EXPECT_THAT(page.body, HasSubstr("name=\"token\""));
}

TEST_F(ApiSecurity, OpeningTheTokenLinkSetsAnHttpOnlyCookieThatAuthenticates) {
  HttpReply login = api.send("GET", "/?token=" + api.token(), {{"Authorization", ""}});
  EXPECT_EQ(login.status, 303);
  EXPECT_EQ(login.header("location"), "/");
  EXPECT_EQ(login.header("set-cookie"),
            "drover_token=" + api.token() + "; HttpOnly; SameSite=Strict; Path=/");
  HttpReply jobs =
      api.send("GET", "/api/jobs",
               {{"Authorization", ""}, {"Cookie", "theme=dark; drover_token=" + api.token()}});
  EXPECT_EQ(jobs.status, 200) << jobs.body;
  HttpReply wrong_cookie =
      api.send("GET", "/api/jobs", {{"Authorization", ""}, {"Cookie", "drover_token=nope"}});
  EXPECT_EQ(wrong_cookie.status, 401);
  HttpReply wrong = api.send("GET", "/?token=nope", {{"Authorization", ""}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.header("set-cookie"), "");
}

TEST_F(ApiSecurity, TheLoginFormSetsTheCookie) {
  Headers form{{"Authorization", ""}, {"Content-Type", "application/x-www-form-urlencoded"}};
  HttpReply login = api.send("POST", "/login", form, "token=" + api.token());
  EXPECT_EQ(login.status, 303);
  EXPECT_EQ(login.header("location"), "/");
  EXPECT_THAT(login.header("set-cookie"), HasSubstr("drover_token=" + api.token() + "; HttpOnly"));
  HttpReply wrong = api.send("POST", "/login", form, "token=guess");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_THAT(wrong.body, HasSubstr("wrong"));
  form.emplace_back("Origin", "http://evil.example");
  EXPECT_EQ(api.send("POST", "/login", form, "token=" + api.token()).status, 403);
}

TEST_F(ApiSecurity, OnlyThisDaemonsOwnHostNamesAreServed) {
  std::string port = std::to_string(api.port());
  for (const std::string& host :
       std::vector<std::string>{"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port}) {
    EXPECT_EQ(api.send("GET", "/api/jobs", {{"Host", host}}).status, 200) << host;
  }
  for (const std::string& host :
       std::vector<std::string>{"evil.example:" + port, "evil.example", "127.0.0.1:1",
                                "127.0.0.2:" + port, "localhost"}) {
    HttpReply reply = api.send("GET", "/api/jobs", {{"Host", host}});
    expect_error_format(reply, 403, host);
  }
  // Even /healthz and the login link: a rebinding page learns nothing.
  expect_error_format(api.send("GET", "/healthz", {{"Host", "evil.example:" + port}}), 403,
                      "healthz");
  expect_error_format(api.send("GET", "/?token=" + api.token(), {{"Host", "evil.example"}}), 403,
                      "login link");
}

TEST_F(ApiSecurity, CrossSitePostsAreRefused) {
  Json submit{{"type", "shell"}, {"params", {{"argv", {"true"}}}}};
  for (const std::string& origin :
       std::vector<std::string>{"http://evil.example", "null", "https://" + api.address(),
                                "http://" + api.address() + ".evil.example"}) {
    HttpReply reply = api.send("POST", "/api/jobs", {{"Origin", origin}}, submit.dump());
    expect_error_format(reply, 403, origin);
  }
  HttpReply same_site =
      api.send("POST", "/api/jobs", {{"Origin", "http://" + api.address()}}, submit.dump());
  EXPECT_EQ(same_site.status, 201) << same_site.body;
  // A GET too: with the browser's cookie it would read the API.
  expect_error_format(api.send("GET", "/api/jobs", {{"Origin", "http://evil.example"}}), 403,
                      "cross-site GET");
}

TEST_F(ApiSecurity, ArtifactsAreServedFromTheJobsFolderOnly) {
  long long id = daemon.harness.run(
      {"/bin/sh", "-c",
       "echo report > \"$DROVER_ARTIFACTS/out.txt\"; mkdir -p \"$DROVER_ARTIFACTS/sub dir\";"
       "echo '{}' > \"$DROVER_ARTIFACTS/sub dir/a.json\"; echo x > \"$DROVER_ARTIFACTS/run.sh\";"
       "ln -s \"$DROVER_ARTIFACTS/../../../token\" \"$DROVER_ARTIFACTS/token-link\";"
       "ln -s /etc \"$DROVER_ARTIFACTS/etc\""});
  daemon.harness.wait_for_state(id, {"completed", "failed"});
  std::string base = "/api/jobs/" + std::to_string(id) + "/artifacts";

  HttpReply file = api.get(base + "/out.txt");
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, "report\n");
  EXPECT_THAT(file.header("content-type"), HasSubstr("text/plain"));
  EXPECT_EQ(file.header("content-security-policy"), "sandbox");
  HttpReply nested = api.get(base + "/sub%20dir/a.json");
  EXPECT_EQ(nested.status, 200);
  EXPECT_EQ(nested.body, "{}\n");
  HttpReply download = api.get(base + "/run.sh");
  EXPECT_EQ(download.header("content-disposition"), "attachment");
  Json listing = api.get(base).json();
  ASSERT_EQ(listing["artifacts"].size(), 3u) << listing.dump();
  EXPECT_EQ(listing["artifacts"][0]["path"], "out.txt");

  for (std::string bad :
       std::vector<std::string>{"/../../../token", "/..%2F..%2F..%2Ftoken", "/%2e%2e/%2e%2e/token",
                                "/%2Fetc%2Fpasswd", "/out.txt%00.png", "/sub%20dir/../../x"}) {
    expect_error_format(api.get(base + bad), 400, bad);
  }
  for (std::string gone : std::vector<std::string>{"/missing.txt", "/sub%20dir"}) {
    expect_error_format(api.get(base + gone), 404, gone);
  }
  // A link the job made is refused, wherever it points.
  for (std::string link : std::vector<std::string>{"/token-link", "/etc/passwd"}) {
    expect_error_format(api.get(base + link), 409, link);
  }
  expect_error_format(api.get("/api/jobs/999/artifacts/out.txt"), 404, "unknown job");
  expect_error_format(api.get("/api/jobs/..%2F1/artifacts/out.txt"), 400, "bad job id");
}

TEST_F(ApiSecurity, LogPathsCannotEscape) {
  long long id = daemon.harness.run({"/bin/echo", "hello"});
  daemon.harness.wait_for_state(id, {"completed"});
  std::string job = "/api/jobs/" + std::to_string(id);
  EXPECT_EQ(api.get(job + "/logs").status, 200);
  expect_error_format(api.get(job + "/logs/../../../token"), 404, "logs/..");
  expect_error_format(api.get("/api/jobs/..%2F..%2Ftoken/logs"), 400, "encoded id");
  expect_error_format(api.get(job + "/logs?attempt=../1"), 400, "attempt=..");
  expect_error_format(api.get(job + "/logs?attempt=7"), 404, "missing attempt");
}

// Sends a 100 MB body in 1 MiB pieces (one buffer reused) until the daemon
// answers; it must answer 413 from the header, without reading it all.
TEST_F(ApiSecurity, HugeBodyIsRefusedWith413BeforeItIsRead) {
  constexpr std::size_t kSize = 100 * 1000 * 1000;
  Connection connection(api.address());
  connection.write("POST /api/jobs HTTP/1.1\r\nHost: " + api.address() +
                   "\r\nAuthorization: Bearer " + api.token() +
                   "\r\nContent-Type: application/json\r\nContent-Length: " +
                   std::to_string(kSize) + "\r\n\r\n");
  std::string piece(1 << 20, ' ');
  std::string raw;
  std::size_t sent = 0;
  while (sent < kSize && raw.empty()) {
    if (!connection.read_some(raw, std::chrono::milliseconds(0))) break;
    if (!raw.empty() || !connection.write(piece)) break;
    sent += piece.size();
  }
  raw += connection.read_all(std::chrono::seconds(10));
  HttpReply reply = parse_reply(raw);
  expect_error_format(reply, 413, "100 MB body");
  EXPECT_THAT(reply.json()["error"]["message"].get<std::string>(), HasSubstr("10 MiB"));
  EXPECT_LT(sent, kSize) << "the daemon read the whole body before refusing it";
}

TEST_F(ApiSecurity, HugeHeadersAreRefusedWith431) {
  HttpReply reply = api.send("GET", "/api/jobs", {{"X-Padding", std::string(64 * 1024, 'x')}});
  expect_error_format(reply, 431, "64 KiB header");
}

TEST_F(ApiSecurity, EveryErrorFollowsTheOneFormat) {
  long long id = daemon.harness.run({"/bin/true"});
  daemon.harness.wait_for_state(id, {"completed"});
  std::string job = "/api/jobs/" + std::to_string(id);
  struct Case {
    std::string method, target, body;
    int status;
  };
  for (const Case& c : std::vector<Case>{
           {"POST", "/api/jobs", "{not json", 400},
           {"POST", "/api/jobs", R"({"type": "no-such-type"})", 400},
           {"POST", "/api/jobs", R"({"jobs": [{"type": 3}]})", 400},
           {"GET", "/api/jobs?state=sleeping", "", 400},
           {"GET", "/api/jobs?limit=-1", "", 400},
           {"GET", "/api/jobs/abc", "", 400},
           {"GET", "/api/jobs/999999", "", 404},
           {"POST", "/api/jobs/999999/cancel", "", 404},
           {"POST", job + "/explode", "", 404},
           {"POST", job + "/pause", "", 409},
           {"DELETE", "/api/jobs/999999", "", 404},
           {"GET", "/api/jobs/999999/logs", "", 404},
           {"GET", "/api/jobs/999999/logs?follow=1", "", 404},
           {"POST", "/api/queues/nope/pause", "", 404},
           {"DELETE", "/api/cache/abc", "", 400},
           {"POST", "/api/clean", R"({"keep": -1})", 400},
           {"PATCH", "/api/jobs", "", 405},
           {"GET", "/api/nothing", "", 404},
       }) {
    HttpReply reply = api.send(c.method, c.target, {{"Content-Type", "application/json"}}, c.body);
    expect_error_format(reply, c.status, c.method + " " + c.target + " " + c.body);
  }
}

}  // namespace
}  // namespace drover::testing
