#include "store/node_rows.h"

namespace drover {
namespace {

// One statement in both spellings, made once.
struct BothDialects {
  explicit BothDialects(const char* sqlite_sql)
      : sqlite(sqlite_sql), postgres(in_dialect(sqlite_sql, SqlDialect::postgres)) {}
  const std::string& in(SqlDialect dialect) const {
    return dialect == SqlDialect::sqlite ? sqlite : postgres;
  }
  std::string sqlite;
  std::string postgres;
};

}  // namespace

const std::string& beat_if_not_lost_sql(SqlDialect dialect) {
  static const BothDialects sql(
      "UPDATE nodes SET address = ?2, slots_in_use = ?3, started_at = ?4, last_beat = ?5, "
      "lease_until = ?6 WHERE name = ?1 AND lost_at IS NULL RETURNING name");
  return sql.in(dialect);
}

const std::string& node_lost_at_sql(SqlDialect dialect) {
  static const BothDialects sql("SELECT lost_at FROM nodes WHERE name = ?1");
  return sql.in(dialect);
}

const std::string& upsert_node_sql(SqlDialect dialect) {
  static const BothDialects sql(
      "INSERT INTO nodes (name, address, slots_in_use, started_at, last_beat, lease_until, "
      "lost_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL) ON CONFLICT (name) DO UPDATE SET "
      "address = excluded.address, slots_in_use = excluded.slots_in_use, "
      "started_at = excluded.started_at, last_beat = excluded.last_beat, "
      "lease_until = excluded.lease_until, lost_at = NULL");
  return sql.in(dialect);
}

const std::string& list_nodes_sql(SqlDialect dialect) {
  static const BothDialects sql(
      "SELECT name, address, slots_in_use, started_at, last_beat, lease_until FROM nodes");
  return sql.in(dialect);
}

const std::string& declare_lost_nodes_sql(SqlDialect dialect) {
  static const BothDialects sql(
      "UPDATE nodes SET lost_at = ?1 WHERE lease_until <= ?1 AND lost_at IS NULL RETURNING name");
  return sql.in(dialect);
}

ColumnValues node_values(const NodeRow& row) {
  return {row.name,       row.address,   std::int64_t{row.slots_in_use},
          row.started_at, row.last_beat, row.lease_until};
}

}  // namespace drover
