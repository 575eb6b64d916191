// GET /api/nodes: the nodes sharing this daemon's store (DESIGN.md,
// "Several nodes"), each up or lost, as their rows say.
#include "api/routes.h"
#include "sched/node_heartbeat.h"

namespace drover {
namespace {

Json node_json(const NodeStatus& node) {
  const NodeRow& row = node.row;
  return {{"name", row.name},
          {"state", node_state_name(node.state)},
          {"address", row.address.empty() ? Json(nullptr) : Json(row.address)},
          {"slots_in_use", row.slots_in_use},
          {"last_beat", format_rfc3339(row.last_beat)},
          {"lease_until", format_rfc3339(row.lease_until)},
          {"started_at", format_rfc3339(row.started_at)},
          {"self", node.self}};
}

}  // namespace

void add_node_routes(Router& router, NodeHeartbeat& heartbeat) {
  router.add("GET", "/api/nodes", [&heartbeat](HttpRequest&, Responder respond) {
    auto nodes = heartbeat.nodes();
    if (!nodes) return respond(HttpResponse::error(nodes.error()));
    Json listed = Json::array();
    for (const NodeStatus& node : *nodes) listed.push_back(node_json(node));
    respond(HttpResponse::json(200, {{"nodes", std::move(listed)}}));
  });
}

}  // namespace drover
