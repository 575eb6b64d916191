// GET /api/jobs/{id}/artifacts: the files a job left in its DROVER_ARTIFACTS
// folder; GET /api/jobs/{id}/artifacts/{path+}: one of them, confined to
// that folder (confined_path.h).
#include <algorithm>
#include <array>

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

HttpResponse artifact_response(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  auto known = std::find_if(kInlineTypes.begin(), kInlineTypes.end(),
                            [&](const auto& entry) { return entry.first == extension; });
  HttpResponse response = HttpResponse::file_content(
      file, std::string(known == kInlineTypes.end() ? "application/octet-stream" : known->second));
  if (known == kInlineTypes.end()) response.headers.emplace_back("Content-Disposition", "attachment");
  // Whatever the browser makes of it, it runs in no origin of ours.
  response.headers.emplace_back("Content-Security-Policy", "sandbox");
  return response;
}

// Regular files under the folder (symlinks not followed), sorted.
Json list_artifacts(const std::filesystem::path& root) {
  Json files = Json::array();
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    files.push_back({{"path", std::filesystem::relative(it->path(), root).string()},
                     {"bytes", it->file_size(ec)}});
  }
  std::sort(files.begin(), files.end(),
            [](const Json& a, const Json& b) { return a["path"] < b["path"]; });
  return files;
}

// The job's artifacts folder, once the job is known to exist.
Result<std::filesystem::path> artifacts_root(Engine& engine, const HttpRequest& request) {
  auto id = job_id_param(request);
  if (!id) return id.error();
  if (auto job = engine.snapshot(*id); !job) return job.error();
  return engine.artifacts_dir(*id);
}

}  // namespace

void add_artifact_routes(Router& router, Engine& engine) {
  router.add("GET", "/api/jobs/{id}/artifacts", [&engine](HttpRequest& request, Responder respond) {
    auto root = artifacts_root(engine, request);
    if (!root) return respond(HttpResponse::error(root.error()));
    respond(HttpResponse::json(200, {{"artifacts", list_artifacts(*root)}}));
  });
  router.add("GET", "/api/jobs/{id}/artifacts/{path+}",
             [&engine](HttpRequest& request, Responder respond) {
               auto root = artifacts_root(engine, request);
               if (!root) return respond(HttpResponse::error(root.error()));
               auto file = resolve_confined(*root, request.path_params.at("path"));
               if (!file) return respond(HttpResponse::error(file.error()));
               respond(artifact_response(*file));
             });
}

}  // namespace drover
