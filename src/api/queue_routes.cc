// Routes under /api/queues, and /healthz.
#include <unistd.h>

#include "api/routes.h"

namespace drover {
namespace {

Json queue_json(const QueueStatus& queue) {
  return {{"name", queue.name},
          {"parallel", queue.parallel},
          {"running", queue.running},
          {"queued", queue.queued},
          {"paused", queue.paused}};
}

}  // namespace

void add_queue_routes(Router& router, Engine& engine) {
  router.add("GET", "/api/queues", [&engine](HttpRequest&, Responder respond) {
    Json queues = Json::array();
    for (const QueueStatus& queue : engine.queues()) queues.push_back(queue_json(queue));
    respond(HttpResponse::json(200, {{"queues", std::move(queues)}}));
  });
  for (const char* verb : {"pause", "resume"}) {
    bool paused = std::string_view(verb) == "pause";
    router.add("POST", std::string("/api/queues/{name}/") + verb,
               [&engine, paused](HttpRequest& request, Responder respond) {
                 engine.set_queue_paused(request.path_params.at("name"), paused,
                                         answer<QueueStatus>(respond, 200, queue_json));
               });
  }
}

void add_health_routes(Router& router, Engine&) {
  router.add("GET", "/healthz", [](HttpRequest&, Responder respond) {
    respond(HttpResponse::json(200, {{"ok", true}, {"pid", ::getpid()}}));
  });
}

}  // namespace drover
