// The nodes table, the same in every SQL backend: the statements (written
// once, in_dialect() per backend) and how a row is bound and read back;
// `Row` is a backend's row reader (job_columns.h). Pure functions;
// thread-safe.
//
// A node's row is written only by that node (its beats), but for lost_at:
// another node sets it once, when it declares the node lost, and the node's
// next beat clears it. So a beat that finds lost_at set learns that its
// attempts were ended elsewhere.
#pragma once

#include <string>

#include "core/node.h"
#include "store/column_value.h"
#include "store/sql_dialect.h"

namespace drover {

// The beat of a node not declared lost: one statement that returns its name.
const std::string& beat_if_not_lost_sql(SqlDialect dialect);
// Whether the node's row exists and when it was declared lost (NULL: never).
const std::string& node_lost_at_sql(SqlDialect dialect);
// A node's first beat, or its first after it was declared lost.
const std::string& upsert_node_sql(SqlDialect dialect);
const std::string& list_nodes_sql(SqlDialect dialect);
// Declares lost, at ?1, every node whose lease ran out by then and that no
// one declared lost yet; returns their names. Row locks make each node's
// declaration happen once, whoever runs this at the same time.
const std::string& declare_lost_nodes_sql(SqlDialect dialect);

// ?1 name, ?2 address, ?3 slots in use, ?4 started at, ?5 last beat, ?6 lease until.
ColumnValues node_values(const NodeRow& row);

template <typename Row>
NodeRow read_node_row(Row& row) {
  NodeRow node;
  node.name = row.text();
  node.address = row.text();
  node.slots_in_use = row.integer();
  node.started_at = row.int64();
  node.last_beat = row.int64();
  node.lease_until = row.int64();
  return node;
}

}  // namespace drover
