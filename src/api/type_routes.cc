// GET /api/types: the declared job types with their params as JSON Schema.
#include "api/routes.h"
#include "core/param_schema.h"

namespace drover {
namespace {

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
          {"params", params_json_schema(type)}};
}

}  // namespace

void add_type_routes(Router& router, Engine& engine) {
  router.add("GET", "/api/types", [&engine](HttpRequest&, Responder respond) {
    Json types = Json::array();
    for (const auto& [name, type] : engine.config().types) types.push_back(type_json(type));
    respond(HttpResponse::json(200, {{"types", std::move(types)}}));
  });
}

}  // namespace drover
