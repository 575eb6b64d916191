// GET / and GET /assets/{name}: the web UI, embedded in the binary at build
// time (api/web_assets.h). Assets carry a content hash in their names, so
// they are cached for good; index.html, which names them, never is.
#include <algorithm>

#include "api/routes.h"
#include "api/web_assets.h"

namespace drover {
namespace {

struct ContentType {
  std::string_view extension;
  std::string_view type;
};

constexpr ContentType kContentTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

std::string content_type_of(std::string_view path) {
  for (const ContentType& known : kContentTypes) {
    if (path.ends_with(known.extension)) return std::string(known.type);
  }
  return "application/octet-stream";
}

const WebAsset* find_asset(std::string_view path) {
  auto assets = web_assets();
  auto found = std::find_if(assets.begin(), assets.end(),
                            [path](const WebAsset& asset) { return asset.path == path; });
  return found == assets.end() ? nullptr : &*found;
}

// The page loads only its own scripts and styles and talks only to this
// daemon: even a string that slipped past escaping could not run.
constexpr const char* kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

HttpResponse asset_response(const WebAsset& asset, std::string cache_control) {
  HttpResponse response;
  response.content_type = content_type_of(asset.path);
  response.body = std::string(asset.bytes);
  response.headers = {{"Cache-Control", std::move(cache_control)},
                      {"Referrer-Policy", "no-referrer"},
                      {"Content-Security-Policy", kPagePolicy}};
  return response;
}

HttpResponse missing_ui() {
  return HttpResponse::error(404, "not_found",
                             "this drover was built without its web UI (DROVER_WEB_UI=OFF); "
                             "use the drover CLI or the API under /api");
}

}  // namespace

void add_static_routes(Router& router) {
  router.add("GET", "/", [](HttpRequest&, Responder respond) {
    const WebAsset* page = find_asset("index.html");
    if (page == nullptr) return respond(missing_ui());
    respond(asset_response(*page, "no-cache"));
  });
  router.add("GET", "/assets/{name}", [](HttpRequest& request, Responder respond) {
    const WebAsset* asset = find_asset("assets/" + request.path_params.at("name"));
    if (asset == nullptr) {
      return respond(HttpResponse::error(404, "not_found",
                                         "no such asset; reload the page to get current ones"));
    }
    respond(asset_response(*asset, "public, max-age=31536000, immutable"));
  });
}

}  // namespace drover
