#include "store/postgres/postgres_migrations.h"

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace drover {
namespace {

// Append only: a released migration is never edited, a change is a new entry.
// The tables mirror the SQLite schema (sqlite/migrations.cc) at its latest
// version, with two differences a B-tree forces: a key or canonical params
// can be longer than an index entry may be (~2.7 kB), so they are indexed by
// md5(), and the queries compare both.
constexpr std::array<std::string_view, 2> kMigrations{
    // 1: jobs, attempts, history, queues, marks, cache, templates, counts.
    R"sql(
CREATE SEQUENCE job_ids;   -- next_job_id(): ids unique across nodes, never reused

CREATE TABLE jobs (
  id                  BIGINT  PRIMARY KEY,
  type                TEXT    NOT NULL,
  params              TEXT    NOT NULL,   -- JSON object
  key                 TEXT,
  queue               TEXT    NOT NULL,
  priority            INTEGER NOT NULL,
  state               TEXT    NOT NULL,   -- state_name(): queued, running, ...
  state_reason        TEXT    NOT NULL,
  resume_at           BIGINT,             -- ms since epoch, like every time below
  created_at          BIGINT  NOT NULL,
  started_at          BIGINT,
  finished_at         BIGINT,
  progress            TEXT    NOT NULL,   -- JSON, as in the job JSON
  checkpoint          TEXT,               -- JSON; SQL NULL: no checkpoint
  checkpoint_saved_at BIGINT,
  result              TEXT,               -- JSON; SQL NULL: no result
  error               TEXT,
  cached_from         BIGINT,
  after_ids           TEXT    NOT NULL,   -- JSON array of job ids
  parent              BIGINT,
  stop_request        TEXT    NOT NULL,
  chain               TEXT                -- JSON, only for a chain's parent
);
-- One index per hot-path query (job_queries.h), each ending in (state, id).
CREATE INDEX jobs_by_state ON jobs (state, id);
CREATE INDEX jobs_by_type_state ON jobs (type, state, id);
CREATE INDEX jobs_by_key_state ON jobs (md5(key), state, id);
CREATE INDEX jobs_by_type_key_state ON jobs (type, md5(key), state, id);
CREATE INDEX jobs_by_finish ON jobs (state, finished_at);
CREATE INDEX jobs_resumable ON jobs (id)
  WHERE checkpoint IS NOT NULL AND state IN ('paused', 'interrupted', 'failed', 'cancelled');
CREATE INDEX jobs_resumable_by_key ON jobs (type, md5(key), id)
  WHERE checkpoint IS NOT NULL AND state IN ('paused', 'interrupted', 'failed', 'cancelled');

CREATE TABLE attempts (
  job_id           BIGINT  NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  n                INTEGER NOT NULL,
  token            TEXT    NOT NULL,
  node             TEXT    NOT NULL,
  pid              INTEGER,
  shim_pid         INTEGER,
  shim_start_ticks BIGINT  NOT NULL,
  boot_id          TEXT    NOT NULL,
  started_at       BIGINT  NOT NULL,
  ended_at         BIGINT,
  exit_code        INTEGER,
  signal           INTEGER,
  log_bytes        BIGINT  NOT NULL,
  log_truncated    BOOLEAN NOT NULL,
  last_event_seq   BIGINT  NOT NULL DEFAULT 0,
  on_worker        BOOLEAN NOT NULL DEFAULT false,
  worker           TEXT    NOT NULL DEFAULT '',
  lease_until      BIGINT,
  PRIMARY KEY (job_id, n)
);

CREATE TABLE history (
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,   -- append order
  job_id     BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  at         BIGINT NOT NULL,
  from_state TEXT   NOT NULL,
  to_state   TEXT   NOT NULL,
  reason     TEXT   NOT NULL
);
CREATE INDEX history_by_job ON history (job_id, seq);

CREATE TABLE queues (
  name   TEXT    PRIMARY KEY,
  paused BOOLEAN NOT NULL
);

-- Named times (a schedule's last run): SQLite keeps them in its meta table.
CREATE TABLE marks (
  name  TEXT   PRIMARY KEY,
  value BIGINT NOT NULL
);

CREATE TABLE cache (
  type          TEXT   NOT NULL,
  params        TEXT   NOT NULL,   -- canonical JSON
  job_id        BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  created_at    BIGINT NOT NULL,
  last_accessed BIGINT NOT NULL
);
CREATE UNIQUE INDEX cache_by_type_params ON cache (type, md5(params));
CREATE INDEX cache_by_job ON cache (job_id);

CREATE TABLE templates (
  name       TEXT   PRIMARY KEY,
  chain      TEXT   NOT NULL,   -- JSON as the user wrote it
  updated_at BIGINT NOT NULL
);

-- Counts per state kept by triggers, so that counting a backlog reads a few
-- rows instead of scanning an index of every job.
CREATE TABLE job_counts (
  state TEXT   PRIMARY KEY,
  count BIGINT NOT NULL
);
CREATE FUNCTION job_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE job_counts SET count = count - 1 WHERE state = OLD.state;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO job_counts AS counts (state, count) VALUES (NEW.state, 1)
      ON CONFLICT (state) DO UPDATE SET count = counts.count + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER job_counts_on_insert_or_delete AFTER INSERT OR DELETE ON jobs
  FOR EACH ROW EXECUTE FUNCTION job_counts_follow();
CREATE TRIGGER job_counts_on_state_change AFTER UPDATE OF state ON jobs
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION job_counts_follow();
)sql",
    // 2: nodes: the row each node beats, and when another node declared it
    // lost (node_rows.h). A handful of rows: no index beyond the key.
    R"sql(
CREATE TABLE nodes (
  name         TEXT    PRIMARY KEY,
  address      TEXT    NOT NULL,
  slots_in_use INTEGER NOT NULL,
  started_at   BIGINT  NOT NULL,
  last_beat    BIGINT  NOT NULL,
  lease_until  BIGINT  NOT NULL,
  lost_at      BIGINT
);
)sql",
};

// Any constant: the key of the advisory lock that serialises migrations.
constexpr std::int64_t kMigrationLock = 0x64726f766572;  // "drover"

Result<int> schema_version(PgConnection& db) {
  DROVER_RETURN_IF_ERROR(
      db.exec("CREATE TABLE IF NOT EXISTS drover_schema (version INTEGER NOT NULL)"));
  DROVER_TRY(result, db.query("SELECT COALESCE(MAX(version), 0) FROM drover_schema"));
  int version = 0;
  (void)for_each_row(*result, [&version](PgRowReader& row) { version = row.integer(); });
  return version;
}

Status apply_missing(PgConnection& db, int version, const std::string& database) {
  if (version > latest_postgres_schema_version()) {
    return make_error(ErrorCode::io,
                      "{} has schema version {}, newer than this drover knows ({}); upgrade "
                      "drover on every node, or point `store` at another database",
                      database, version, latest_postgres_schema_version());
  }
  for (int next = version; next < latest_postgres_schema_version(); ++next) {
    DROVER_RETURN_IF_ERROR(db.exec(std::string(kMigrations[static_cast<std::size_t>(next)])));
  }
  if (version == latest_postgres_schema_version()) return {};
  return db.exec(fmt::format("DELETE FROM drover_schema; INSERT INTO drover_schema VALUES ({})",
                             latest_postgres_schema_version()));
}

}  // namespace

int latest_postgres_schema_version() { return static_cast<int>(kMigrations.size()); }

Status migrate_postgres_schema(PgConnection& db) {
  DROVER_RETURN_IF_ERROR(
      db.exec(fmt::format("BEGIN; SELECT pg_advisory_xact_lock({})", kMigrationLock)));
  Result<int> version = schema_version(db);
  Status migrated = version ? apply_missing(db, *version, db.redacted()) : Status(version.error());
  if (!migrated) {
    (void)db.exec("ROLLBACK");
    return migrated;
  }
  return db.exec("COMMIT");
}

}  // namespace drover
