// A thin RAII layer over the SQLite C API: a connection (SqliteDb) that caches
// its prepared statements, statements that reset themselves after use, typed
// binding and column reading, and BEGIN IMMEDIATE transactions.
//
// Errors come back as drover Error values whose message says what to do
// ("... is locked by another process; stop the other daemon or ...").
// Not thread-safe: one connection is used from one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace drover {

// A prepared statement, finalized on destruction. Values are bound by
// position, starting at 1; the first bind error is reported by step().
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int index, std::int64_t value);
  void bind(int index, int value) { bind(index, std::int64_t{value}); }
  void bind(int index, bool value) { bind(index, std::int64_t{value ? 1 : 0}); }
  void bind(int index, double value);
  void bind(int index, std::string_view text);
  void bind(int index, const std::string& text) { bind(index, std::string_view(text)); }
  void bind(int index, const char* text) { bind(index, std::string_view(text)); }
  void bind(int index, std::nullptr_t);
  template <typename T>
  void bind(int index, const std::optional<T>& value) {
    if (value) {
      bind(index, *value);
    } else {
      bind(index, nullptr);
    }
  }

  // Binds every value in order to ?1, ?2, ...
  template <typename... Values>
  void bind_all(const Values&... values) {
    int index = 1;
    (bind(index++, values), ...);
  }

  // Advances to the next row: true when there is one, false when done.
  Result<bool> step();
  // Steps to the end; for statements that return no rows.
  Status run();
  // Ends the statement's read (so it no longer pins the WAL) and clears bindings.
  void reset();

  sqlite3_stmt* raw() const { return m_stmt; }

 private:
  void note_bind_result(int rc);

  sqlite3* m_db;
  sqlite3_stmt* m_stmt;
  int m_bind_error = 0;
};

// A cached statement on loan: reset when the loan ends, so that a statement
// left half-read never keeps a read transaction (and the WAL) open.
class ScopedStatement {
 public:
  explicit ScopedStatement(Statement& statement) : m_statement(&statement) {}
  ScopedStatement(ScopedStatement&& other) noexcept
      : m_statement(std::exchange(other.m_statement, nullptr)) {}
  ScopedStatement& operator=(ScopedStatement&&) = delete;
  ~ScopedStatement() {
    if (m_statement) m_statement->reset();
  }

  Statement* operator->() const { return m_statement; }
  Statement& operator*() const { return *m_statement; }

 private:
  Statement* m_statement;
};

// Reads the columns of the current row left to right.
class RowReader {
 public:
  explicit RowReader(const Statement& statement) : m_stmt(statement.raw()) {}

  bool is_null() const;  // the next column
  std::int64_t int64();
  int integer() { return static_cast<int>(int64()); }
  bool boolean() { return int64() != 0; }
  double real();
  std::string text();

  template <typename T>
  std::optional<T> optional() {
    if (is_null()) {
      ++m_column;
      return std::nullopt;
    }
    if constexpr (std::is_same_v<T, std::string>) {
      return text();
    } else if constexpr (std::is_floating_point_v<T>) {
      return static_cast<T>(real());
    } else {
      return static_cast<T>(int64());
    }
  }

 private:
  sqlite3_stmt* m_stmt;
  int m_column = 0;
};

// Steps through every row of `statement`, calling `read_row(RowReader&)` on
// each; `read_row` may return a Status to stop early with an error.
template <typename ReadRow>
Status for_each_row(Statement& statement, ReadRow read_row) {
  while (true) {
    Result<bool> row = statement.step();
    if (!row) return row.error();
    if (!*row) return {};
    RowReader reader(statement);
    if constexpr (std::is_void_v<decltype(read_row(reader))>) {
      read_row(reader);
    } else if (Status read = read_row(reader); !read) {
      return read;
    }
  }
}

class SqliteDb {
 public:
  // Opens (creating) the database file. Nothing is read yet: a file that is
  // not a database is only noticed by the first statement.
  static Result<std::unique_ptr<SqliteDb>> open(const std::string& path);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs one or more statements that return no rows (schema, pragmas).
  Status exec(const std::string& sql);
  // The first column of the first row, for pragmas and aggregates.
  Result<std::int64_t> query_int(const std::string& sql);
  Result<std::string> query_text(const std::string& sql);
  // The statement for `sql`, prepared once per connection and reused.
  Result<ScopedStatement> cached(const std::string& sql);

  // An Error describing the connection's last failure while doing `what`,
  // with advice that fits the kind of failure.
  Error last_error(std::string_view what) const;
  const std::string& path() const { return m_path; }
  sqlite3* raw() const { return m_db; }

 private:
  SqliteDb(sqlite3* db, std::string path) : m_db(db), m_path(std::move(path)) {}

  sqlite3* m_db;
  std::string m_path;
  std::unordered_map<std::string, std::unique_ptr<Statement>> m_statements;
};

// Builds the Error for SQLite result code `rc` on the database at `path`.
Error sqlite_error(int rc, std::string_view message, std::string_view path, std::string_view what);

// BEGIN IMMEDIATE ... COMMIT; rolled back on destruction unless committed.
// IMMEDIATE takes the write lock up front: a deferred read-then-write
// transaction fails with "database is locked" whatever the busy timeout.
class Transaction {
 public:
  static Result<Transaction> begin_immediate(SqliteDb& db);
  Transaction(Transaction&& other) noexcept : m_db(std::exchange(other.m_db, nullptr)) {}
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Status commit();

 private:
  explicit Transaction(SqliteDb& db) : m_db(&db) {}

  SqliteDb* m_db;
};

// Runs `sql` once per item, bound by `bind(statement, item)`.
template <typename Items, typename Bind>
Status run_for_each(SqliteDb& db, const std::string& sql, const Items& items, Bind bind) {
  if (items.empty()) return {};
  Result<ScopedStatement> statement = db.cached(sql);
  if (!statement) return statement.error();
  for (const auto& item : items) {
    bind(**statement, item);
    Status done = (*statement)->run();
    (*statement)->reset();
    if (!done) return done;
  }
  return {};
}

}  // namespace drover
