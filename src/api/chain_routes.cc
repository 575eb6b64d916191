// Routes of chains and their templates: /api/chains, /api/templates.
#include "api/routes.h"
#include "core/job_json.h"

namespace drover {
namespace {

Json template_to_json(const ChainTemplate& saved) {
  return {{"name", saved.name},
          {"chain", saved.chain},
          {"updated_at", format_rfc3339(saved.updated_at)}};
}

Result<ChainSpec> chain_body(const HttpRequest& request) {
  DROVER_TRY(body, parse_json_body(request));
  return chain_from_json(*body);
}

// POST /api/chains takes a chain, or {"template": "NAME"} to run a saved one.
Result<ChainSpec> chain_to_submit(const HttpRequest& request, Engine& engine) {
  DROVER_TRY(body, parse_json_body(request));
  if (body->is_object() && body->contains("template")) {
    const Json& name = (*body)["template"];
    if (!name.is_string()) {
      return make_error(ErrorCode::invalid, "field \"template\" must be a template name");
    }
    DROVER_TRY(saved, engine.find_template(name.get<std::string>()));
    return chain_from_json(saved->chain);
  }
  return chain_from_json(*body);
}

void validate(HttpRequest& request, Responder respond, Engine& engine) {
  auto chain = chain_body(request);
  if (!chain) return respond(HttpResponse::error(chain.error()));
  respond(HttpResponse::json(200, chain_report_to_json(engine.validate(*chain))));
}

void submit(HttpRequest& request, Responder respond, Engine& engine) {
  auto chain = chain_to_submit(request, engine);
  if (!chain) return respond(HttpResponse::error(chain.error()));
  engine.submit_chain(std::move(*chain), answer<ChainSubmitted>(respond, 201, [](const auto& done) {
                        Json job = job_to_json(done.parent);
                        job["warnings"] = chain_report_to_json(done.report)["warnings"];
                        return job;
                      }));
}

void list_templates(HttpRequest&, Responder respond, Engine& engine) {
  auto saved = engine.templates();
  if (!saved) return respond(HttpResponse::error(saved.error()));
  Json list = Json::array();
  for (const ChainTemplate& entry : *saved) list.push_back(template_to_json(entry));
  respond(HttpResponse::json(200, {{"templates", std::move(list)}}));
}

void get_template(HttpRequest& request, Responder respond, Engine& engine) {
  auto saved = engine.find_template(request.path_params.at("name"));
  if (!saved) return respond(HttpResponse::error(saved.error()));
  respond(HttpResponse::json(200, template_to_json(*saved)));
}

void put_template(HttpRequest& request, Responder respond, Engine& engine) {
  auto chain = chain_body(request);
  if (!chain) return respond(HttpResponse::error(chain.error()));
  engine.save_template(request.path_params.at("name"), std::move(*chain),
                       answer<ChainTemplate>(respond, 200, template_to_json));
}

void delete_template(HttpRequest& request, Responder respond, Engine& engine) {
  engine.delete_template(request.path_params.at("name"),
                         answer<std::string>(respond, 200, [](const std::string& name) {
                           return Json{{"deleted", name}};
                         }));
}

}  // namespace

void add_chain_routes(Router& router, Engine& engine) {
  auto bind = [&engine](auto handler) {
    return [&engine, handler](HttpRequest& request, Responder respond) {
      handler(request, std::move(respond), engine);
    };
  };
  router.add("POST", "/api/chains/validate", bind(validate));
  router.add("POST", "/api/chains", bind(submit));
  router.add("GET", "/api/templates", bind(list_templates));
  router.add("GET", "/api/templates/{name}", bind(get_template));
  router.add("PUT", "/api/templates/{name}", bind(put_template));
  router.add("DELETE", "/api/templates/{name}", bind(delete_template));
}

}  // namespace drover
