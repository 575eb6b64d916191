// `drover nodes`: one line per node sharing the daemon's store, as GET
// /api/nodes lists them:
//   NODE    STATE  ADDRESS          SLOTS  LAST BEAT   STARTED
//   host-a  up     10.0.0.1:7878        3  4 s ago     2 h ago
//   host-b  lost   10.0.0.2:7878        1  2 min ago   3 h ago
// The node that answered is marked "(this node)"; a lost node is red.
#pragma once

#include <string>

#include "cli/job_list_view.h"
#include "core/job.h"

namespace drover::cli {

// `nodes` is the "nodes" array of GET /api/nodes.
std::string render_node_list(const Json& nodes, const ViewOptions& view);

}  // namespace drover::cli
