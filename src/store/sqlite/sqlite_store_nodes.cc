// SqliteStore: the nodes table. SQLite has one node, the daemon itself, so
// no other node ever declares it lost; the table is there so that `drover
// nodes` and GET /api/nodes read the same on every store.
#include <algorithm>

#include "store/job_columns.h"
#include "store/job_queries.h"
#include "store/node_rows.h"
#include "store/sqlite/bind_values.h"
#include "store/sqlite/sqlite_store.h"

namespace drover {
namespace {

constexpr SqlDialect kSqlite = SqlDialect::sqlite;

}  // namespace

Result<std::optional<Millis>> SqliteStore::beat_node(const NodeRow& row) {
  DROVER_TRY(transaction, Transaction::begin_immediate(*m_db));
  DROVER_TRY(beat, count_rows(beat_if_not_lost_sql(kSqlite), node_values(row)));
  if (*beat > 0) {
    DROVER_RETURN_IF_ERROR(transaction->commit());
    return std::optional<Millis>();
  }
  // No row yet, or one declared lost: which, before the row is written anew.
  DROVER_TRY(statement, m_db->cached(node_lost_at_sql(kSqlite)));
  (**statement).bind_all(row.name);
  std::optional<Millis> lost;
  DROVER_RETURN_IF_ERROR(
      for_each_row(**statement, [&lost](RowReader& found) { lost = found.optional<Millis>(); }));
  DROVER_TRY(written, count_rows(upsert_node_sql(kSqlite), node_values(row)));
  DROVER_RETURN_IF_ERROR(transaction->commit());
  return lost;
}

Result<std::vector<NodeRow>> SqliteStore::list_nodes() {
  DROVER_TRY(statement, m_db->cached(list_nodes_sql(kSqlite)));
  std::vector<NodeRow> nodes;
  DROVER_RETURN_IF_ERROR(
      for_each_row(**statement, [&nodes](RowReader& row) { nodes.push_back(read_node_row(row)); }));
  std::sort(nodes.begin(), nodes.end(),
            [](const NodeRow& a, const NodeRow& b) { return a.name < b.name; });
  return nodes;
}

Result<std::vector<std::string>> SqliteStore::declare_lost_nodes(Millis now) {
  DROVER_TRY(transaction, Transaction::begin_immediate(*m_db));
  DROVER_TRY(statement, m_db->cached(declare_lost_nodes_sql(kSqlite)));
  (**statement).bind_all(now);
  std::vector<std::string> names;
  DROVER_RETURN_IF_ERROR(
      for_each_row(**statement, [&names](RowReader& row) { names.push_back(row.text()); }));
  (**statement).reset();  // its read ends before the commit
  DROVER_RETURN_IF_ERROR(transaction->commit());
  return names;
}

Result<std::vector<Job>> SqliteStore::list_running_on_node(const std::string& node) {
  DROVER_TRY(statement, m_db->cached(running_on_node_sql(kSqlite)));
  (**statement).bind_all(node);
  Result<std::vector<Job>> jobs = read_jobs(**statement);
  if (!jobs) return jobs;
  DROVER_RETURN_IF_ERROR(attach_attempts(*jobs));
  return jobs;
}

Result<std::vector<std::pair<JobId, Attempt>>> SqliteStore::list_attempts_ended_elsewhere(
    const std::string& node, Millis since) {
  DROVER_TRY(statement, m_db->cached(attempts_ended_elsewhere_sql(kSqlite)));
  (**statement).bind_all(node, since);
  std::vector<std::pair<JobId, Attempt>> attempts;
  DROVER_RETURN_IF_ERROR(for_each_row(**statement, [&attempts](RowReader& row) {
    JobId job_id = row.int64();
    attempts.emplace_back(job_id, read_attempt(row));
  }));
  return attempts;
}

Result<int> SqliteStore::count_rows(const std::string& sql, const ColumnValues& values) {
  DROVER_TRY(statement, m_db->cached(sql));
  bind_values(**statement, values);
  int rows = 0;
  DROVER_RETURN_IF_ERROR(for_each_row(**statement, [&rows](RowReader&) { ++rows; }));
  return rows;
}

}  // namespace drover
