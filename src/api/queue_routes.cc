// Routes under /api/queues and /api/resources, and /healthz.
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

// A holder as people want to see it: which job, doing what, since when.
Json holder_json(Engine& engine, JobId id) {
  auto job = engine.get(id);
  if (!job) return {{"job", id}};
  return {{"job", id},
          {"type", job->type},
          {"operation", job->progress.item.empty() ? job->type : job->progress.item},
          {"since", job->started_at ? Json(format_rfc3339(*job->started_at)) : Json(nullptr)}};
}

Json resource_json(Engine& engine, const ResourceStatus& resource) {
  Json holders = Json::array();
  for (JobId id : resource.holders) holders.push_back(holder_json(engine, id));
  return {{"name", resource.name},
          {"capacity", resource.capacity},
          {"busy", static_cast<int>(resource.holders.size())},
          {"holders", std::move(holders)},
          {"waiters", resource.waiters}};
}

}  // namespace

void add_queue_routes(Router& router, Engine& engine) {
  router.add("GET", "/api/queues", [&engine](HttpRequest&, Responder respond) {
    Json queues = Json::array();
    for (const QueueStatus& queue : engine.queues()) queues.push_back(queue_json(queue));
    respond(HttpResponse::json(200, {{"queues", std::move(queues)}}));
  });
  router.add("GET", "/api/resources", [&engine](HttpRequest&, Responder respond) {
    Json resources = Json::array();
    for (const ResourceStatus& resource : engine.resources()) {
      resources.push_back(resource_json(engine, resource));
    }
    respond(HttpResponse::json(200, {{"resources", std::move(resources)}}));
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
