// Routes under /api/queues and /api/resources, and /healthz.
#include <unistd.h>

#include "api/routes.h"
#include "os/process_probe.h"

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

// {"parallel": N} from a POST /api/queues/{q} body.
Result<int> parallel_from_body(const HttpRequest& request) {
  DROVER_TRY(body, parse_json_body(request));
  auto parallel = body->is_object() ? body->find("parallel") : body->end();
  if (parallel == body->end() || !parallel->is_number_integer()) {
    return make_error(ErrorCode::invalid,
                      "the body must be {{\"parallel\": N}} with N a positive integer");
  }
  return parallel->get<int>();
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
  router.add("POST", "/api/queues/{name}", [&engine](HttpRequest& request, Responder respond) {
    Result<int> parallel = parallel_from_body(request);
    if (!parallel) return respond(HttpResponse::error(parallel.error()));
    engine.set_queue_parallel(request.path_params.at("name"), *parallel,
                              answer<QueueStatus>(respond, 200, queue_json));
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

namespace {

// How attempts are contained, for `drover daemon status`.
Json containment_json(const Containment& containment) {
  if (!containment.cgroups) return {{"mode", "process-group"}, {"reason", containment.reason}};
  const CgroupRoot& root = *containment.cgroups;
  return {{"mode", "cgroup"},
          {"cgroup", root.path.string()},
          {"controllers", root.controllers},
          {"kill", root.has_kill ? "cgroup.kill" : "freeze"}};
}

}  // namespace

void add_health_routes(Router& router, Engine& engine) {
  router.add("GET", "/healthz", [&engine](HttpRequest&, Responder respond) {
    respond(HttpResponse::json(200, {{"ok", true},
                                     {"pid", current_pid()},
                                     {"containment", containment_json(engine.containment())}}));
  });
}

}  // namespace drover
