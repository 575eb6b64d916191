// The API's routes (DESIGN.md, HTTP API): thin handlers that parse a
// request, make one engine call and render its answer. No business logic.
#pragma once

#include "api/router.h"
#include "sched/engine.h"

namespace drover {

class EventFeed;
class NodeHeartbeat;

void add_job_routes(Router& router, Engine& engine);
void add_queue_routes(Router& router, Engine& engine);
void add_health_routes(Router& router, Engine& engine);
void add_type_routes(Router& router, Engine& engine);
void add_chain_routes(Router& router, Engine& engine);
void add_artifact_routes(Router& router, Engine& engine);
void add_progress_routes(Router& router, Engine& engine);
void add_metrics_routes(Router& router, Engine& engine);
void add_stats_routes(Router& router, Engine& engine);
// The worker protocol under /api/workers (worker_routes.cc).
void add_worker_routes(Router& router, Engine& engine);
void add_openapi_routes(Router& router);
// GET /api/nodes (node_routes.cc; the heartbeat lives as long as the daemon).
void add_node_routes(Router& router, NodeHeartbeat& heartbeat);
// GET /api/events (the feed lives as long as the daemon).
void add_event_routes(Router& router, EventFeed& feed);
// GET / and /assets/{name}: the embedded web UI (static_routes.cc).
void add_static_routes(Router& router);

inline void add_all_routes(Router& router, Engine& engine) {
  add_job_routes(router, engine);
  add_type_routes(router, engine);
  add_chain_routes(router, engine);
  add_queue_routes(router, engine);
  add_health_routes(router, engine);
  add_artifact_routes(router, engine);
  add_progress_routes(router, engine);
  add_metrics_routes(router, engine);
  add_stats_routes(router, engine);
  add_worker_routes(router, engine);
  add_openapi_routes(router);
  add_static_routes(router);
}

// Shared by the handlers: an engine result as a response.
template <typename T, typename Render>
Reply<T> answer(Responder respond, int status, Render render) {
  return [respond = std::move(respond), status, render](Result<T> result) {
    if (!result) return respond(HttpResponse::error(result.error()));
    respond(HttpResponse::json(status, render(*result)));
  };
}

}  // namespace drover
