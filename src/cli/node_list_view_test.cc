#include "cli/node_list_view.h"

#include <gtest/gtest.h>

#include "cli/color.h"

namespace drover::cli {
namespace {

constexpr Millis kNow = 1'764'700'000'000;  // 2025-12-02T18:26:40Z

Json node(std::string name, std::string state, Json address, int slots, Millis beat, bool self) {
  return {{"name", name},
          {"state", state},
          {"address", address},
          {"slots_in_use", slots},
          {"last_beat", format_rfc3339(beat)},
          {"lease_until", format_rfc3339(beat + 30'000)},
          {"started_at", format_rfc3339(kNow - 2 * 3'600'000)},
          {"self", self}};
}

TEST(NodeListView, AlignsNodesWithTheirStateAddressSlotsAndHumanTimes) {
  Json nodes = Json::array({node("host-a", "up", "10.0.0.1:7878", 3, kNow - 4'000, true),
                            node("b", "lost", nullptr, 12, kNow - 120'000, false)});
  EXPECT_EQ(render_node_list(nodes, {.now = kNow}),
            "NODE                STATE  ADDRESS        SLOTS  LAST BEAT  STARTED\n"
            "host-a (this node)  up     10.0.0.1:7878      3  just now   2 h ago\n"
            "b                   lost   -                 12  2 min ago  2 h ago\n");
}

TEST(NodeListView, ColorsTheStateOnlyWhenAsked) {
  Json nodes = Json::array({node("a", "lost", "h:1", 0, kNow - 60'000, false)});
  EXPECT_EQ(render_node_list(nodes, {.now = kNow}).find('\x1b'), std::string::npos);
  std::string colored = render_node_list(nodes, {.now = kNow, .color = true});
  EXPECT_NE(colored.find(paint("lost", Color::red, true)), std::string::npos) << colored;
}

}  // namespace
}  // namespace drover::cli
