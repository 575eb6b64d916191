#include <gtest/gtest.h>

#include "api/routes.h"
#include "api/web_assets.h"

namespace drover {
namespace {

HttpResponse get(const Router& router, const std::string& path) {
  HttpRequest request;
  request.method = "GET";
  request.path = path;
  HttpResponse answer;
  router.dispatch(request, [&answer](HttpResponse response) { answer = std::move(response); });
  return answer;
}

std::string header(const HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

class StaticRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    add_static_routes(router);
    if (web_assets().empty()) GTEST_SKIP() << "built with DROVER_WEB_UI=OFF";
  }
  Router router;
};

TEST_F(StaticRoutes, IndexIsHtmlAndNeverCached) {
  HttpResponse page = get(router, "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(page, "Cache-Control"), "no-cache");
  EXPECT_NE(header(page, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_NE(page.body.find("/assets/"), std::string::npos);
}

TEST_F(StaticRoutes, HashedAssetsAreCachedForGoodWithTheirContentType) {
  int served = 0;
  for (const WebAsset& asset : web_assets()) {
    if (!asset.path.starts_with("assets/")) continue;
    HttpResponse response = get(router, "/" + std::string(asset.path));
    EXPECT_EQ(response.status, 200) << asset.path;
    EXPECT_EQ(response.body, asset.bytes);
    EXPECT_EQ(header(response, "Cache-Control"), "public, max-age=31536000, immutable");
    if (asset.path.ends_with(".js")) {
      EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");
    }
    if (asset.path.ends_with(".css")) {
      EXPECT_EQ(response.content_type, "text/css; charset=utf-8");
    }
    ++served;
  }
  EXPECT_GE(served, 2);  // the script and the style sheet
}

TEST_F(StaticRoutes, UnknownAssetIsNotFound) {
  EXPECT_EQ(get(router, "/assets/main-OLDHASH.js").status, 404);
  // One path segment that decodes to "../index.html": the asset lookup
  // itself refuses it, not the router.
  HttpResponse escape = get(router, "/assets/..%2Findex.html");
  EXPECT_EQ(escape.status, 404);
  EXPECT_NE(escape.body.find("no such asset"), std::string::npos) << escape.body;
}

}  // namespace
}  // namespace drover
