// GET /api/openapi.json: the document describing every route.
#include "api/openapi_document.h"
#include "api/routes.h"

namespace drover {

void add_openapi_routes(Router& router) {
  router.add("GET", "/api/openapi.json", [](HttpRequest&, Responder respond) {
    HttpResponse response;
    response.body = std::string(openapi_document());
    respond(std::move(response));
  });
}

}  // namespace drover
