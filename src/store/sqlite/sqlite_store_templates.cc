// SqliteStore: saved chains (the templates table).
#include "store/setting_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace drover {

Status SqliteStore::write_templates(const WriteBatch& batch) {
  Status written = run_for_each(
      *m_db,
      "INSERT INTO templates (name, chain, updated_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (name) DO UPDATE SET chain = excluded.chain, updated_at = excluded.updated_at",
      batch.template_puts, [](Statement& statement, const ChainTemplate& entry) {
        statement.bind_all(entry.name, entry.chain.dump(), entry.updated_at);
      });
  if (!written) return written;
  return run_for_each(
      *m_db, "DELETE FROM templates WHERE name = ?1", batch.template_deletes,
      [](Statement& statement, const std::string& name) { statement.bind_all(name); });
}

Result<std::vector<ChainTemplate>> SqliteStore::list_templates() {
  Result<ScopedStatement> statement =
      m_db->cached("SELECT name, chain, updated_at FROM templates ORDER BY name");
  if (!statement) return statement.error();
  std::vector<ChainTemplate> templates;
  Status read = for_each_row(
      **statement, [&templates](RowReader& row) { templates.push_back(read_template(row)); });
  if (!read) return read.error();
  return templates;
}

Result<std::optional<ChainTemplate>> SqliteStore::find_template(const std::string& name) {
  Result<ScopedStatement> statement =
      m_db->cached("SELECT name, chain, updated_at FROM templates WHERE name = ?1");
  if (!statement) return statement.error();
  (**statement).bind_all(name);
  std::optional<ChainTemplate> found;
  Status read = for_each_row(**statement, [&found](RowReader& row) { found = read_template(row); });
  if (!read) return read.error();
  return found;
}

}  // namespace drover
