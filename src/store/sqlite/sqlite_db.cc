#include "store/sqlite/sqlite_db.h"

#include <array>

#include <sqlite3.h>

namespace drover {
namespace {

struct ErrorAdvice {
  int primary_code;  // rc & 0xff
  ErrorCode code;
  const char* advice;
};

// What a user can do about each kind of failure; the rest are bugs or rare.
constexpr std::array<ErrorAdvice, 9> kAdvice{{
    {SQLITE_BUSY, ErrorCode::unavailable,
     "the database is locked by another process; is another drover daemon using this state "
     "dir? Stop it, or choose another --state-dir"},
    {SQLITE_LOCKED, ErrorCode::unavailable,
     "the database is locked; stop the other drover daemon using this state dir"},
    {SQLITE_NOTADB, ErrorCode::io,
     "the file is not a drover database; move it aside (a new one is created on the next "
     "start) or restore it from a backup"},
    {SQLITE_CORRUPT, ErrorCode::io,
     "the database is damaged; move it aside (a new one is created on the next start) or "
     "restore it from a backup"},
    {SQLITE_CANTOPEN, ErrorCode::io,
     "check that its folder exists and is writable by this user, or choose another "
     "--state-dir"},
    {SQLITE_PERM, ErrorCode::io,
     "check the permissions of the file and its folder, or choose another --state-dir"},
    {SQLITE_READONLY, ErrorCode::io,
     "the database is read-only; make the file and its folder writable by this user, or "
     "choose another --state-dir"},
    {SQLITE_FULL, ErrorCode::io, "the disk is full; free some space and try again"},
    {SQLITE_IOERR, ErrorCode::io, "the disk reported an I/O error; check the disk and try again"},
}};

}  // namespace

Error sqlite_error(int rc, std::string_view message, std::string_view path, std::string_view what) {
  for (const ErrorAdvice& entry : kAdvice) {
    if (entry.primary_code == (rc & 0xff)) {
      return make_error(entry.code, "{} {} failed ({}): {}", what, path, message, entry.advice);
    }
  }
  return make_error(ErrorCode::internal, "{} {} failed: {} (SQLite error {})", what, path, message,
                    rc);
}

// --- Statement ------------------------------------------------------------

Statement::~Statement() { sqlite3_finalize(m_stmt); }

void Statement::note_bind_result(int rc) {
  if (rc != SQLITE_OK && m_bind_error == SQLITE_OK) m_bind_error = rc;
}

void Statement::bind(int index, std::int64_t value) {
  note_bind_result(sqlite3_bind_int64(m_stmt, index, value));
}

void Statement::bind(int index, double value) {
  note_bind_result(sqlite3_bind_double(m_stmt, index, value));
}

void Statement::bind(int index, std::string_view text) {
  // TRANSIENT: SQLite copies the text, so temporaries may be bound.
  note_bind_result(
      sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Statement::bind(int index, std::nullptr_t) {
  note_bind_result(sqlite3_bind_null(m_stmt, index));
}

Result<bool> Statement::step() {
  if (m_bind_error != SQLITE_OK) {
    return make_error(ErrorCode::internal, "binding a value to `{}` failed: {}",
                      sqlite3_sql(m_stmt), sqlite3_errstr(m_bind_error));
  }
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_error(rc, sqlite3_errmsg(m_db), sqlite3_db_filename(m_db, "main"), "using");
}

Status Statement::run() {
  while (true) {
    DROVER_TRY(row, step());
    if (!*row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
  m_bind_error = SQLITE_OK;
}

// --- RowReader ------------------------------------------------------------

bool RowReader::is_null() const { return sqlite3_column_type(m_stmt, m_column) == SQLITE_NULL; }

std::int64_t RowReader::int64() { return sqlite3_column_int64(m_stmt, m_column++); }

double RowReader::real() { return sqlite3_column_double(m_stmt, m_column++); }

std::string RowReader::text() {
  const auto* bytes = sqlite3_column_text(m_stmt, m_column);
  auto size = static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, m_column));
  ++m_column;
  return bytes ? std::string(reinterpret_cast<const char*>(bytes), size) : std::string();
}

// --- SqliteDb -------------------------------------------------------------

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = sqlite_error(rc, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), path, "opening");
    sqlite3_close_v2(db);
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<SqliteDb>(new SqliteDb(db, path));
}

SqliteDb::~SqliteDb() {
  m_statements.clear();  // statements must be finalized before the connection closes
  sqlite3_close_v2(m_db);
}

Status SqliteDb::exec(const std::string& sql) {
  int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return last_error("using");
  return {};
}

Result<std::int64_t> SqliteDb::query_int(const std::string& sql) {
  DROVER_TRY(statement, cached(sql));
  DROVER_TRY(row, (*statement)->step());
  return *row ? RowReader(**statement).int64() : std::int64_t{0};
}

Result<std::string> SqliteDb::query_text(const std::string& sql) {
  DROVER_TRY(statement, cached(sql));
  DROVER_TRY(row, (*statement)->step());
  return *row ? RowReader(**statement).text() : std::string();
}

Result<ScopedStatement> SqliteDb::cached(const std::string& sql) {
  auto found = m_statements.find(sql);
  if (found != m_statements.end()) return ScopedStatement(*found->second);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(m_db, sql.c_str(), static_cast<int>(sql.size() + 1),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return last_error("reading");
  auto inserted = m_statements.emplace(sql, std::make_unique<Statement>(m_db, stmt));
  return ScopedStatement(*inserted.first->second);
}

Error SqliteDb::last_error(std::string_view what) const {
  return sqlite_error(sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db), m_path, what);
}

// --- Transaction ----------------------------------------------------------

Result<Transaction> Transaction::begin_immediate(SqliteDb& db) {
  DROVER_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
  return Transaction(db);
}

Transaction::~Transaction() {
  // SQLite may already have rolled back by itself (e.g. disk full): only roll
  // back a transaction that is still open.
  if (m_db && !sqlite3_get_autocommit(m_db->raw())) (void)m_db->exec("ROLLBACK");
}

Status Transaction::commit() {
  Status committed = m_db->exec("COMMIT");
  if (committed) m_db = nullptr;
  return committed;
}

}  // namespace drover
