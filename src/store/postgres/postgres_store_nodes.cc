// PostgresStore: the nodes table, which the nodes sharing the database beat
// and read (node_rows.h). Each statement runs alone (autocommit): a beat is
// the common case, one UPDATE; a row lock orders it against another node
// declaring this one lost, so that either the declaration sees the new
// lease, or the beat sees the declaration.
#include <algorithm>

#include "store/job_columns.h"
#include "store/job_queries.h"
#include "store/node_rows.h"
#include "store/postgres/postgres_store.h"

namespace drover {
namespace {

constexpr SqlDialect kPg = SqlDialect::postgres;

}  // namespace

Result<std::optional<Millis>> PostgresStore::beat_node(const NodeRow& row) {
  DROVER_TRY(beat, m_db->query(beat_if_not_lost_sql(kPg), node_values(row)));
  if (beat->rows() > 0) return std::optional<Millis>();
  // No row yet, or one declared lost. Only this node clears lost_at, so
  // nothing changes it between this read and the write below.
  DROVER_TRY(found, m_db->query(node_lost_at_sql(kPg), {row.name}));
  std::optional<Millis> lost;
  (void)for_each_row(*found, [&lost](PgRowReader& lost_at) { lost = lost_at.optional<Millis>(); });
  DROVER_TRY(written, m_db->query(upsert_node_sql(kPg), node_values(row)));
  return lost;
}

Result<std::vector<NodeRow>> PostgresStore::list_nodes() {
  DROVER_TRY(result, m_db->query(list_nodes_sql(kPg)));
  std::vector<NodeRow> nodes;
  (void)for_each_row(*result, [&nodes](PgRowReader& row) { nodes.push_back(read_node_row(row)); });
  // By name byte by byte, as SQLite orders them, whatever the database's locale.
  std::sort(nodes.begin(), nodes.end(),
            [](const NodeRow& a, const NodeRow& b) { return a.name < b.name; });
  return nodes;
}

Result<std::vector<std::string>> PostgresStore::declare_lost_nodes(Millis now) {
  DROVER_TRY(result, m_db->query(declare_lost_nodes_sql(kPg), {now}));
  std::vector<std::string> names;
  (void)for_each_row(*result, [&names](PgRowReader& row) { names.push_back(row.text()); });
  return names;
}

Result<std::vector<Job>> PostgresStore::list_running_on_node(const std::string& node) {
  Result<std::vector<Job>> jobs = read_jobs(running_on_node_sql(kPg), {node});
  if (!jobs) return jobs;
  DROVER_RETURN_IF_ERROR(attach_attempts(*jobs));
  return jobs;
}

Result<std::vector<std::pair<JobId, Attempt>>> PostgresStore::list_attempts_ended_elsewhere(
    const std::string& node, Millis since) {
  DROVER_TRY(result, m_db->query(attempts_ended_elsewhere_sql(kPg), {node, since}));
  std::vector<std::pair<JobId, Attempt>> attempts;
  (void)for_each_row(*result, [&attempts](PgRowReader& row) {
    JobId job_id = row.int64();
    attempts.emplace_back(job_id, read_attempt(row));
  });
  return attempts;
}

}  // namespace drover
