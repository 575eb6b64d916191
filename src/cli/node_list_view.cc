#include "cli/node_list_view.h"

#include "cli/humanize.h"
#include "cli/table.h"

namespace drover::cli {
namespace {

// "4 s ago" for an RFC 3339 time of the answer; "" when there is none.
std::string ago_text(const Json& node, const char* field, Millis now) {
  const Json& value = node.value(field, Json());
  auto at = value.is_string() ? parse_rfc3339(value.get<std::string>()) : std::nullopt;
  return at ? humanize_relative(*at, now) : "";
}

Cell name_cell(const Json& node) {
  std::string name = node.value("name", "");
  if (node.value("self", false)) return {name + " (this node)", Color::bold};
  return {name};
}

Cell state_cell(const Json& node) {
  std::string state = node.value("state", "");
  return {state, state == "up" ? Color::green : Color::red};
}

}  // namespace

std::string render_node_list(const Json& nodes, const ViewOptions& view) {
  Table table({{"NODE", false, 2},
               {"STATE"},
               {"ADDRESS", false, 1},
               {"SLOTS", true},
               {"LAST BEAT"},
               {"STARTED"}});
  for (const Json& node : nodes) {
    const Json& address = node.value("address", Json());
    table.add_row({name_cell(node),
                   state_cell(node),
                   {address.is_string() ? address.get<std::string>() : "-"},
                   {std::to_string(node.value("slots_in_use", 0))},
                   {ago_text(node, "last_beat", view.now)},
                   {ago_text(node, "started_at", view.now)}});
  }
  return render_table(table, view);
}

}  // namespace drover::cli
