// GET /api/jobs/{id}/artifacts?limit=&cursor=: a page of the files a job
// left in its DROVER_ARTIFACTS folder (artifact_listing.h), read on a
// worker thread so that a huge folder never holds up the event loop;
// GET /api/jobs/{id}/artifacts/{path+}: one of them, confined to that
// folder (confined_path.h).
#include <algorithm>
#include <array>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "api/artifact_listing.h"
#include "api/confined_path.h"
#include "api/routes.h"

namespace drover {
namespace {

// Types a browser may show inline; anything else downloads. HTML and SVG
// are not here: a job's file must not run script in the daemon's origin.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kInlineTypes{{
    {".txt", "text/plain; charset=utf-8"},
    {".log", "text/plain; charset=utf-8"},
    {".md", "text/plain; charset=utf-8"},
    {".csv", "text/csv; charset=utf-8"},
    {".json", "application/json"},
    {".jsonl", "application/x-ndjson"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".gif", "image/gif"},
}};

HttpResponse artifact_response(std::string_view path, UniqueFd file) {
  std::string extension = std::filesystem::path(path).extension().string();
  auto known = std::find_if(kInlineTypes.begin(), kInlineTypes.end(),
                            [&](const auto& entry) { return entry.first == extension; });
  HttpResponse response = HttpResponse::file_content(
      std::move(file),
      std::string(known == kInlineTypes.end() ? "application/octet-stream" : known->second));
  if (known == kInlineTypes.end())
    response.headers.emplace_back("Content-Disposition", "attachment");
  // Whatever the browser makes of it, it runs in no origin of ours.
  response.headers.emplace_back("Content-Security-Policy", "sandbox");
  return response;
}

Json page_json(const ArtifactPage& page) {
  Json files = Json::array();
  for (const ArtifactFile& file : page.files) {
    files.push_back({{"path", file.path}, {"bytes", file.bytes}});
  }
  return {{"artifacts", std::move(files)},
          {"total", page.total},
          {"total_capped", page.total_capped},
          {"next_cursor", page.next_cursor ? Json(*page.next_cursor) : Json(nullptr)}};
}

Result<std::size_t> page_limit(const HttpRequest& request) {
  auto text = request.query_value("limit");
  if (!text) return kMaxArtifactsPage;
  DROVER_TRY(limit, parse_non_negative(*text, "limit"));
  if (*limit < 1 || *limit > static_cast<std::int64_t>(kMaxArtifactsPage)) {
    return make_error(ErrorCode::invalid, "limit must be between 1 and {}, got {}",
                      kMaxArtifactsPage, *limit);
  }
  return static_cast<std::size_t>(*limit);
}

// The job's artifacts folder, once the job is known to exist.
Result<ConfinedRoot> artifacts_root(Engine& engine, const HttpRequest& request) {
  DROVER_TRY(id, job_id_param(request));
  DROVER_RETURN_IF_ERROR(engine.snapshot(*id));
  return ConfinedRoot::of(engine.artifacts_dir(*id));
}

}  // namespace

void add_artifact_routes(Router& router, Engine& engine) {
  // One thread: listings queue behind each other instead of taking the cores.
  auto workers = std::make_shared<boost::asio::thread_pool>(1);
  router.add("GET", "/api/jobs/{id}/artifacts",
             [&engine, workers](HttpRequest& request, Responder respond) {
               auto root = artifacts_root(engine, request);
               if (!root) return respond(HttpResponse::error(root.error()));
               auto limit = page_limit(request);
               if (!limit) return respond(HttpResponse::error(limit.error()));
               std::string cursor = request.query_value("cursor").value_or("");
               boost::asio::post(*workers, [root = *root, cursor, limit = *limit,
                                            loop = request.executor, respond]() {
                 auto page = list_artifacts(root, cursor, limit);
                 boost::asio::post(loop, [respond, page = std::move(page)]() {
                   if (!page) return respond(HttpResponse::error(page.error()));
                   respond(HttpResponse::json(200, page_json(*page)));
                 });
               });
             });
  router.add("GET", "/api/jobs/{id}/artifacts/{path+}",
             [&engine](HttpRequest& request, Responder respond) {
               auto root = artifacts_root(engine, request);
               if (!root) return respond(HttpResponse::error(root.error()));
               const std::string& path = request.path_params.at("path");
               auto file = open_confined(*root, path);
               if (!file) return respond(HttpResponse::error(file.error()));
               respond(artifact_response(path, std::move(*file)));
             });
}

}  // namespace drover
