// A cluster for tests: nodes (real daemons, each a Harness with its own
// state dir and loopback port) sharing one PostgreSQL database, a fresh
// schema on the test server (DROVER_TEST_POSTGRES; ctest starts one).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness.h"
#include "store_backends.h"

namespace drover::testing {

class Cluster {
 public:
  // `extra` is appended to every node's drover.toml (queues, types).
  explicit Cluster(std::string extra = "", std::string lease = "2s");

  // Why the test can't run (DROVER_TEST_POSTGRES=off), if so.
  static std::optional<std::string> skip_reason() { return PostgresBackend::skip_reason(); }

  // A new node named `name`, its daemon started.
  Harness& add_node(const std::string& name);
  Harness& node(std::size_t index) { return *m_nodes.at(index); }

  // `drover nodes --json` as `on` answers it: name -> state.
  std::map<std::string, std::string> node_states(Harness& on);
  // Polls `drover nodes` on `on` until node `name` shows `state`.
  bool wait_for_node_state(Harness& on, const std::string& name, const std::string& state);

 private:
  PostgresBackend m_database;
  std::string m_extra;
  std::string m_lease;
  std::vector<std::unique_ptr<Harness>> m_nodes;
};

}  // namespace drover::testing
