// A thin RAII layer over libpq: a connection (PgConnection) that prepares
// each statement once, results freed on destruction, a row reader with the
// interface the shared row mappings expect (job_columns.h), and a batch of
// statements run in one transaction, pipelined.
//
// Parameters travel as text; a statement's parameter types are inferred by
// the server unless given. Errors come back as drover Error values naming the
// database by its redacted location (never its password) and saying what to
// do. A connection the server closed (a restart) is reopened by the next call
// once; a read that finds it closed is run again on the new connection.
// Not thread-safe: one connection is used from one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/column_value.h"

struct pg_conn;
struct pg_result;

namespace drover {

using PgOid = unsigned int;
// Parameter types for statements whose parameters the server can't infer
// (one left unused by a filter).
inline constexpr PgOid kPgText = 25;
inline constexpr PgOid kPgInt8 = 20;

// A query's result, cleared on destruction.
class PgResult {
 public:
  explicit PgResult(pg_result* result);
  ~PgResult();
  PgResult(PgResult&& other) noexcept;
  PgResult& operator=(PgResult&&) = delete;
  PgResult(const PgResult&) = delete;

  int rows() const;
  pg_result* raw() const { return m_result; }

 private:
  pg_result* m_result;
};

// Reads the columns of one row left to right; text-format values.
class PgRowReader {
 public:
  PgRowReader(const PgResult& result, int row) : m_result(result.raw()), m_row(row) {}

  bool is_null() const;  // the next column
  std::int64_t int64();
  int integer() { return static_cast<int>(int64()); }
  bool boolean();
  std::string text();

  template <typename T>
  std::optional<T> optional() {
    if (is_null()) {
      ++m_column;
      return std::nullopt;
    }
    if constexpr (std::is_same_v<T, std::string>) {
      return text();
    } else {
      return static_cast<T>(int64());
    }
  }

 private:
  const char* next();

  pg_result* m_result;
  int m_row;
  int m_column = 0;
};

// Calls `read_row(PgRowReader&)` on every row; `read_row` may return a Status
// to stop early with an error.
template <typename ReadRow>
Status for_each_row(const PgResult& result, ReadRow read_row) {
  for (int row = 0; row < result.rows(); ++row) {
    PgRowReader reader(result, row);
    if constexpr (std::is_void_v<decltype(read_row(reader))>) {
      read_row(reader);
    } else if (Status read = read_row(reader); !read) {
      return read;
    }
  }
  return {};
}

// One statement of a batch and its parameters.
struct PgCommand {
  const std::string* sql;
  ColumnValues params;
};

class PgConnection {
 public:
  // Connects to the database at `location` (a libpq connection string).
  static Result<std::unique_ptr<PgConnection>> open(const std::string& location);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one or more statements without parameters (schema, locks).
  Status exec(const std::string& sql);
  // Runs `sql` (prepared once per connection) with `params`; `types` gives
  // the parameter types the server can't infer.
  Result<PgResult> query(const std::string& sql, const ColumnValues& params = {},
                         const std::vector<PgOid>& types = {});
  // Runs every command in one transaction, a whole page of commands per round
  // trip (pipelined); all of them or none. `synchronous` waits for the commit
  // to be flushed to disk (synchronous_commit).
  Status run_in_transaction(const std::vector<PgCommand>& commands, bool synchronous);

  // A new connection to the same database.
  Result<std::unique_ptr<PgConnection>> reopen() const { return open(m_location); }

  // The server process of this connection (tests end it to simulate a restart).
  int backend_pid() const;
  const std::string& redacted() const { return m_redacted; }

 private:
  PgConnection(pg_conn* conn, std::string location);

  // Reopens a connection the server closed; fails when it stays closed.
  Status ensure_connected();
  bool connection_lost() const;
  // The name of the prepared statement for `sql`, preparing it when new.
  Result<std::string> prepared(const std::string& sql, const std::vector<PgOid>& types);
  Result<PgResult> query_once(const std::string& sql, const ColumnValues& params,
                              const std::vector<PgOid>& types);
  Status send_pipelined(const std::vector<PgCommand>& commands, bool synchronous);
  Status read_until_sync(std::size_t results, Status first_failure);
  // An Error for the connection's last failure while doing `what`.
  Error failure(std::string_view what, const pg_result* result = nullptr) const;

  pg_conn* m_conn;
  std::string m_location;  // may hold a password: used to reconnect, never shown
  std::string m_redacted;
  bool m_broken = false;  // a batch left the session unusable: reconnect
  std::unordered_map<std::string, std::string> m_prepared;  // SQL -> statement name
};

}  // namespace drover
