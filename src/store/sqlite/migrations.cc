#include "store/sqlite/migrations.h"

#include <array>
#include <string_view>

#include <fmt/format.h>

namespace drover {
namespace {

// Append only: a released migration is never edited, a change is a new entry.
constexpr std::array<std::string_view, 8> kMigrations{
    // 1: jobs, attempts, history, queues, and the job id high-water mark.
    R"sql(
CREATE TABLE jobs (
  id                  INTEGER PRIMARY KEY,
  type                TEXT    NOT NULL,
  params              TEXT    NOT NULL,   -- JSON object
  key                 TEXT,
  queue               TEXT    NOT NULL,
  priority            INTEGER NOT NULL,
  state               TEXT    NOT NULL,   -- state_name(): queued, running, ...
  state_reason        TEXT    NOT NULL,
  resume_at           INTEGER,            -- ms since epoch, like every time below
  created_at          INTEGER NOT NULL,
  started_at          INTEGER,
  finished_at         INTEGER,
  progress            TEXT    NOT NULL,   -- JSON, as in the job JSON
  checkpoint          TEXT,               -- JSON; SQL NULL: no checkpoint
  checkpoint_saved_at INTEGER,
  result              TEXT,               -- JSON; SQL NULL: no result
  error               TEXT,
  cached_from         INTEGER,
  after_ids           TEXT    NOT NULL,   -- JSON array of job ids
  parent              INTEGER,
  stop_request        TEXT    NOT NULL
);
CREATE INDEX jobs_by_state ON jobs (state, id);
CREATE INDEX jobs_by_type ON jobs (type, id);
CREATE INDEX jobs_by_key ON jobs (key, id);

CREATE TABLE attempts (
  job_id           INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  n                INTEGER NOT NULL,
  token            TEXT    NOT NULL,
  node             TEXT    NOT NULL,
  pid              INTEGER,
  shim_pid         INTEGER,
  shim_start_ticks INTEGER NOT NULL,
  boot_id          TEXT    NOT NULL,
  started_at       INTEGER NOT NULL,
  ended_at         INTEGER,
  exit_code        INTEGER,
  signal           INTEGER,
  log_bytes        INTEGER NOT NULL,
  log_truncated    INTEGER NOT NULL,
  PRIMARY KEY (job_id, n)
) WITHOUT ROWID;

CREATE TABLE history (
  seq        INTEGER PRIMARY KEY,   -- append order
  job_id     INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  at         INTEGER NOT NULL,
  from_state TEXT    NOT NULL,
  to_state   TEXT    NOT NULL,
  reason     TEXT    NOT NULL
);
CREATE INDEX history_by_job ON history (job_id, seq);

CREATE TABLE queues (
  name   TEXT PRIMARY KEY,
  paused INTEGER NOT NULL
) WITHOUT ROWID;

-- Ids are never reused, even after the newest jobs are deleted: the largest
-- id ever stored is kept here by a trigger, in the same transaction.
CREATE TABLE meta (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO meta (name, value) VALUES ('job_id_high_water', 0);
CREATE TRIGGER jobs_raise_high_water AFTER INSERT ON jobs BEGIN
  UPDATE meta SET value = MAX(value, NEW.id) WHERE name = 'job_id_high_water';
END;
)sql",
    // 2: counts per state kept by triggers: counting 100,000 jobs by scanning
    // an index took ~7 ms on the event loop, reading this table takes microseconds.
    R"sql(
CREATE TABLE job_counts (
  state TEXT PRIMARY KEY,
  count INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO job_counts (state, count) SELECT state, COUNT(*) FROM jobs GROUP BY state;
CREATE TRIGGER job_counts_on_insert AFTER INSERT ON jobs BEGIN
  INSERT INTO job_counts (state, count) VALUES (NEW.state, 1)
    ON CONFLICT (state) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER job_counts_on_delete AFTER DELETE ON jobs BEGIN
  UPDATE job_counts SET count = count - 1 WHERE state = OLD.state;
END;
CREATE TRIGGER job_counts_on_state_change AFTER UPDATE OF state ON jobs
  WHEN OLD.state IS NOT NEW.state BEGIN
  UPDATE job_counts SET count = count - 1 WHERE state = OLD.state;
  INSERT INTO job_counts (state, count) VALUES (NEW.state, 1)
    ON CONFLICT (state) DO UPDATE SET count = count + 1;
END;
)sql",
    // 3: the last job event applied per attempt, so that a restarted daemon
    // does not apply an event twice (item counts are not idempotent).
    R"sql(
ALTER TABLE attempts ADD COLUMN last_event_seq INTEGER NOT NULL DEFAULT 0;
)sql",
    // 4: the result cache; an entry goes with the job it was made from.
    R"sql(
CREATE TABLE cache (
  type          TEXT    NOT NULL,
  params        TEXT    NOT NULL,   -- canonical JSON
  job_id        INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  created_at    INTEGER NOT NULL,
  last_accessed INTEGER NOT NULL,
  PRIMARY KEY (type, params)
) WITHOUT ROWID;
CREATE INDEX cache_by_job ON cache (job_id);
)sql",
    // 5: chains: a parent job keeps its phases; saved chains by name.
    R"sql(
ALTER TABLE jobs ADD COLUMN chain TEXT;   -- JSON, only for a chain's parent
CREATE TABLE templates (
  name       TEXT    PRIMARY KEY,
  chain      TEXT    NOT NULL,            -- JSON as the user wrote it
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 6: an index for every hot-path query (job_queries.h), each ending in
    // (state, id) so that a page of one state is a bounded walk: the submit
    // path's dedupe and resumable checks read one row of (type, key), not
    // every earlier job of that key; retention walks finished jobs by finish
    // time. The resumable indexes hold only stopped jobs with a checkpoint.
    R"sql(
DROP INDEX jobs_by_type;
DROP INDEX jobs_by_key;
CREATE INDEX jobs_by_type_state ON jobs (type, state, id);
CREATE INDEX jobs_by_key_state ON jobs (key, state, id);
CREATE INDEX jobs_by_type_key_state ON jobs (type, key, state, id);
CREATE INDEX jobs_by_finish ON jobs (state, finished_at);
CREATE INDEX jobs_resumable ON jobs (id)
  WHERE checkpoint IS NOT NULL AND state IN ('paused', 'interrupted', 'failed', 'cancelled');
CREATE INDEX jobs_resumable_by_key ON jobs (type, key, id)
  WHERE checkpoint IS NOT NULL AND state IN ('paused', 'interrupted', 'failed', 'cancelled');
)sql",
    // 7: worker attempts: run by a worker that fetched them (none while on
    // offer) and holds them until its lease ends, so that a restarted daemon
    // knows which attempts workers hold.
    R"sql(
ALTER TABLE attempts ADD COLUMN on_worker INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN worker TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts ADD COLUMN lease_until INTEGER;
)sql",
    // 8: nodes (one here, the daemon itself): the row each beats, and when
    // another node declared it lost (node_rows.h).
    R"sql(
CREATE TABLE nodes (
  name         TEXT    PRIMARY KEY,
  address      TEXT    NOT NULL,
  slots_in_use INTEGER NOT NULL,
  started_at   INTEGER NOT NULL,
  last_beat    INTEGER NOT NULL,
  lease_until  INTEGER NOT NULL,
  lost_at      INTEGER
) WITHOUT ROWID;
)sql",
};

}  // namespace

int latest_schema_version() { return static_cast<int>(kMigrations.size()); }

Status migrate_schema(SqliteDb& db, int target_version) {
  // The version is read inside the write transaction, so two processes
  // opening a new database at once can't both apply the same migration.
  DROVER_TRY(transaction, Transaction::begin_immediate(db));
  DROVER_TRY(version, db.query_int("PRAGMA user_version"));
  if (*version > latest_schema_version()) {
    return make_error(ErrorCode::io,
                      "{} has schema version {}, newer than this drover knows ({}); upgrade "
                      "drover, or point it at another --state-dir",
                      db.path(), *version, latest_schema_version());
  }
  if (*version >= target_version) return {};
  for (auto next = static_cast<int>(*version); next < target_version; ++next) {
    std::string sql(kMigrations[static_cast<std::size_t>(next)]);
    DROVER_RETURN_IF_ERROR(db.exec(sql));
  }
  // user_version is part of the database header, written by this transaction.
  if (Status set = db.exec(fmt::format("PRAGMA user_version = {}", target_version)); !set) {
    return set;
  }
  return transaction->commit();
}

}  // namespace drover
