// `drover nodes`: the nodes sharing the daemon's store (DESIGN.md, "Several
// nodes"): up or lost, where they listen, what they run, when last heard of.
#include <array>
#include <ostream>

#include "cli/command_table.h"
#include "cli/node_list_view.h"

namespace drover::cli {
namespace {

int run_nodes(Context& context) {
  auto answer = context.client().get("/api/nodes");
  if (!answer) return context.fail(answer.error());
  if (context.global.json) return context.print_json((*answer)["nodes"]);
  context.out << render_node_list((*answer)["nodes"], context.view());
  return 0;
}

constexpr std::array<CommandSpec, 1> kNodeCommands{{
    {"nodes", "", "the nodes sharing the store: up or lost, address, slots in use, last heartbeat",
     nullptr, run_nodes},
}};

}  // namespace

std::span<const CommandSpec> node_commands() { return kNodeCommands; }

}  // namespace drover::cli
