#include "cluster.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace drover::testing {

Cluster::Cluster(std::string extra, std::string lease)
    : m_extra(std::move(extra)), m_lease(std::move(lease)) {}

Harness& Cluster::add_node(const std::string& name) {
  std::string config = fmt::format(
      "[daemon]\nlisten = \"127.0.0.1:0\"\nstore = \"{}\"\nnode = \"{}\"\nnode_lease = \"{}\"\n{}",
      m_database.location(), name, m_lease, m_extra);
  m_nodes.push_back(std::make_unique<Harness>(config));
  m_nodes.back()->start_daemon();
  return *m_nodes.back();
}

std::map<std::string, std::string> Cluster::node_states(Harness& on) {
  CliResult listed = on.cli({"nodes", "--json"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  std::map<std::string, std::string> states;
  if (listed.exit_code != 0) return states;
  for (const Json& node : listed.json()) states[node["name"]] = node["state"];
  return states;
}

bool Cluster::wait_for_node_state(Harness& on, const std::string& name, const std::string& state) {
  return wait_until([&] { return node_states(on)[name] == state; }, std::chrono::seconds(30),
                    std::chrono::milliseconds(100));
}

}  // namespace drover::testing
