// GET /api/types: the declared job types with their params as JSON Schema;
// GET /api/cache and DELETE /api/cache/{job}: the result cache.
#include "api/routes.h"
#include "core/param_schema.h"

namespace drover {
namespace {

// The params' names in declaration order: a JSON object's members come back
// sorted by name, and forms and summaries list params as drover.toml does.
Json param_order(const TypeConfig& type) {
  Json names = Json::array();
  for (const ParamSpec& spec : type.params) names.push_back(spec.name);
  return names;
}

Json type_json(const TypeConfig& type) {
  return {{"name", type.name},
          {"label", type.label.empty() ? type.name : type.label},
          {"category", type.category},
          {"queue", type.queue},
          {"worker", type.worker},
          {"resources", type.resources},
          {"conflict", type.conflict ? Json(*type.conflict) : Json(nullptr)},
          {"after_types", type.after_types},
          {"retries", type.retries},
          {"key", type.key ? Json(*type.key) : Json(nullptr)},
          {"shell", type.shell},
          {"param_order", param_order(type)},
          {"params", params_json_schema(type)}};
}

Json cache_json(const CacheEntry& entry, const Config& config) {
  const TypeConfig* type = config.find_type(entry.type);
  Json expires = nullptr;
  if (type && type->cache_ttl) expires = format_rfc3339(entry.created_at + *type->cache_ttl);
  return {{"type", entry.type},
          {"params", Json::parse(entry.params, nullptr, false)},
          {"job", entry.job_id},
          {"created_at", format_rfc3339(entry.created_at)},
          {"last_accessed", format_rfc3339(entry.last_accessed)},
          {"expires_at", expires}};
}

}  // namespace

void add_type_routes(Router& router, Engine& engine) {
  router.add("GET", "/api/types", [&engine](HttpRequest&, Responder respond) {
    Json types = Json::array();
    for (const auto& [name, type] : engine.config().types) types.push_back(type_json(type));
    respond(HttpResponse::json(200, {{"types", std::move(types)}}));
  });
  router.add("GET", "/api/cache", [&engine](HttpRequest&, Responder respond) {
    auto entries = engine.cache_entries();
    if (!entries) return respond(HttpResponse::error(entries.error()));
    Json list = Json::array();
    for (const CacheEntry& entry : *entries) list.push_back(cache_json(entry, engine.config()));
    respond(HttpResponse::json(200, {{"entries", std::move(list)}}));
  });
  router.add("DELETE", "/api/cache/{job}", [&engine](HttpRequest& request, Responder respond) {
    const std::string& text = request.path_params.at("job");
    JobId job = std::atoll(text.c_str());
    if (job <= 0) {
      return respond(HttpResponse::error(
          400, "invalid", "the cache entry is named by its job id, got \"" + text + "\""));
    }
    engine.remove_cache_entry(job, answer<JobId>(respond, 200, [](JobId removed) {
                                return Json{{"removed", removed}};
                              }));
  });
}

}  // namespace drover
