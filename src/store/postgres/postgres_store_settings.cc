// PostgresStore: the small tables beside the jobs: queue pauses, the result
// cache, marks (named times) and saved chains (templates). Text is ordered
// byte by byte (COLLATE "C"), as SQLite does, whatever the database's locale.
#include <fmt/format.h>

#include "store/postgres/postgres_store.h"
#include "store/setting_rows.h"

namespace drover {
namespace {

const std::string kUpsertQueue =
    "INSERT INTO queues (name, paused) VALUES ($1, $2) "
    "ON CONFLICT (name) DO UPDATE SET paused = excluded.paused";
// Canonical params may be long: the unique index is on their md5().
const std::string kUpsertCache =
    "INSERT INTO cache (type, params, job_id, created_at, last_accessed) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (type, md5(params)) DO UPDATE SET "
    "params = excluded.params, job_id = excluded.job_id, created_at = excluded.created_at, "
    "last_accessed = excluded.last_accessed";
const std::string kDeleteCache = "DELETE FROM cache WHERE job_id = $1";
const std::string kUpsertMark =
    "INSERT INTO marks (name, value) VALUES ($1, $2) "
    "ON CONFLICT (name) DO UPDATE SET value = excluded.value";
const std::string kUpsertTemplate =
    "INSERT INTO templates (name, chain, updated_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (name) DO UPDATE SET chain = excluded.chain, updated_at = excluded.updated_at";
const std::string kDeleteTemplate = "DELETE FROM templates WHERE name = $1";

}  // namespace

void PostgresStore::add_setting_commands(const WriteBatch& batch,
                                         std::vector<PgCommand>& commands) const {
  for (const CacheEntry& entry : batch.cache_puts) {
    commands.push_back(
        {&kUpsertCache,
         {entry.type, entry.params, entry.job_id, entry.created_at, entry.last_accessed}});
  }
  for (JobId id : batch.cache_deletes) commands.push_back({&kDeleteCache, {id}});
  for (const auto& [name, at] : batch.marks) commands.push_back({&kUpsertMark, {name, at}});
  for (const ChainTemplate& entry : batch.template_puts) {
    commands.push_back({&kUpsertTemplate, {entry.name, entry.chain.dump(), entry.updated_at}});
  }
  for (const std::string& name : batch.template_deletes) {
    commands.push_back({&kDeleteTemplate, {name}});
  }
  for (const auto& [name, paused] : batch.queue_pauses) {
    commands.push_back({&kUpsertQueue, {name, std::int64_t{paused ? 1 : 0}}});
  }
}

Result<std::map<std::string, bool>> PostgresStore::load_queue_pauses() {
  DROVER_TRY(result, m_db->query("SELECT name, paused FROM queues"));
  std::map<std::string, bool> pauses;
  (void)for_each_row(*result, [&pauses](PgRowReader& row) {
    std::string name = row.text();
    pauses[name] = row.boolean();
  });
  return pauses;
}

Result<std::optional<CacheEntry>> PostgresStore::find_cache(const std::string& type,
                                                            const std::string& params) {
  static const std::string sql =
      fmt::format("SELECT {} FROM cache WHERE type = $1 AND md5(params) = md5($2) AND params = $2",
                  kCacheColumns);
  DROVER_TRY(result, m_db->query(sql, {type, params}));
  std::optional<CacheEntry> found;
  (void)for_each_row(*result, [&found](PgRowReader& row) { found = read_cache_entry(row); });
  return found;
}

Result<std::vector<CacheEntry>> PostgresStore::list_cache() {
  static const std::string sql =
      fmt::format("SELECT {} FROM cache ORDER BY created_at", kCacheColumns);
  DROVER_TRY(result, m_db->query(sql));
  std::vector<CacheEntry> entries;
  (void)for_each_row(*result,
                     [&entries](PgRowReader& row) { entries.push_back(read_cache_entry(row)); });
  return entries;
}

Result<std::map<std::string, Millis>> PostgresStore::load_marks(const std::string& prefix) {
  DROVER_TRY(result,
             m_db->query("SELECT name, value FROM marks WHERE starts_with(name, $1)", {prefix}));
  std::map<std::string, Millis> marks;
  (void)for_each_row(*result, [&marks](PgRowReader& row) {
    std::string name = row.text();
    marks[name] = row.int64();
  });
  return marks;
}

Result<std::vector<ChainTemplate>> PostgresStore::list_templates() {
  DROVER_TRY(
      result,
      m_db->query("SELECT name, chain, updated_at FROM templates ORDER BY name COLLATE \"C\""));
  std::vector<ChainTemplate> templates;
  (void)for_each_row(*result,
                     [&templates](PgRowReader& row) { templates.push_back(read_template(row)); });
  return templates;
}

Result<std::optional<ChainTemplate>> PostgresStore::find_template(const std::string& name) {
  DROVER_TRY(result,
             m_db->query("SELECT name, chain, updated_at FROM templates WHERE name = $1", {name}));
  std::optional<ChainTemplate> found;
  (void)for_each_row(*result, [&found](PgRowReader& row) { found = read_template(row); });
  return found;
}

}  // namespace drover
