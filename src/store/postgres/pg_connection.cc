#include "store/postgres/pg_connection.h"

#include <cstdlib>
#include <variant>

#include <libpq-fe.h>

#include "store/store_location.h"

namespace drover {
namespace {

// Statements per round trip in a batch: results of a page are read before
// the next is sent, so neither side's socket buffer fills while the other
// waits to write.
constexpr std::size_t kCommandsPerRoundTrip = 1000;

// libpq's messages end in a newline and may span lines.
std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

// The text form of each value and the pointers libpq reads (null for NULL).
struct TextParams {
  explicit TextParams(const ColumnValues& params) {
    texts.reserve(params.size());
    for (const ColumnValue& value : params) {
      if (const auto* number = std::get_if<std::int64_t>(&value)) {
        texts.push_back(std::to_string(*number));
      } else if (const auto* text = std::get_if<std::string>(&value)) {
        texts.push_back(*text);
      } else {
        texts.emplace_back();
      }
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      pointers.push_back(std::holds_alternative<std::nullptr_t>(params[i]) ? nullptr
                                                                           : texts[i].c_str());
    }
  }
  int count() const { return static_cast<int>(pointers.size()); }

  std::vector<std::string> texts;
  std::vector<const char*> pointers;
};

Result<PGconn*> connect(const std::string& location) {
  PGconn* conn = PQconnectdb(location.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string reason = conn ? one_line(PQerrorMessage(conn)) : "out of memory";
    PQfinish(conn);
    return make_error(ErrorCode::unavailable,
                      "cannot connect to PostgreSQL at {}: {}; check that the server is running "
                      "and that the host, port, user, password and database in `store` are right",
                      redacted_location(location), reason);
  }
  // Notices ("... already exists, skipping") are not for the daemon's stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PQsetClientEncoding(conn, "UTF8");
  return conn;
}

}  // namespace

// --- PgResult / PgRowReader ----------------------------------------------

PgResult::PgResult(pg_result* result) : m_result(result) {}
PgResult::~PgResult() { PQclear(m_result); }
PgResult::PgResult(PgResult&& other) noexcept : m_result(std::exchange(other.m_result, nullptr)) {}
int PgResult::rows() const { return m_result ? PQntuples(m_result) : 0; }

bool PgRowReader::is_null() const { return PQgetisnull(m_result, m_row, m_column) == 1; }
const char* PgRowReader::next() { return PQgetvalue(m_result, m_row, m_column++); }
std::int64_t PgRowReader::int64() { return std::strtoll(next(), nullptr, 10); }
bool PgRowReader::boolean() {
  const char* value = next();
  return value[0] == 't' || value[0] == '1';
}
std::string PgRowReader::text() {
  int length = PQgetlength(m_result, m_row, m_column);
  return std::string(next(), static_cast<std::size_t>(length));
}

// --- PgConnection ----------------------------------------------------------

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& location) {
  DROVER_TRY(conn, connect(location));
  return std::unique_ptr<PgConnection>(new PgConnection(*conn, location));
}

PgConnection::PgConnection(pg_conn* conn, std::string location)
    : m_conn(conn), m_location(std::move(location)), m_redacted(redacted_location(m_location)) {}

PgConnection::~PgConnection() { PQfinish(m_conn); }

int PgConnection::backend_pid() const { return PQbackendPID(m_conn); }

bool PgConnection::connection_lost() const { return m_broken || PQstatus(m_conn) != CONNECTION_OK; }

Status PgConnection::ensure_connected() {
  // A server that shut down closed the socket while we were idle: reading
  // what is pending notices it before a statement is sent into the void.
  if (!connection_lost()) PQconsumeInput(m_conn);
  if (!connection_lost()) return {};
  // A fresh connection rather than PQreset: nothing of the old session
  // (prepared statements, a half-read pipeline) carries over.
  Result<PGconn*> conn = connect(m_location);
  if (!conn) return conn.error();
  PQfinish(m_conn);
  m_conn = *conn;
  m_broken = false;
  m_prepared.clear();
  return {};
}

Error PgConnection::failure(std::string_view what, const pg_result* result) const {
  std::string reason =
      one_line(result && PQresultErrorMessage(result)[0] ? PQresultErrorMessage(result)
                                                         : PQerrorMessage(m_conn));
  if (connection_lost()) {
    return make_error(ErrorCode::unavailable,
                      "{} on PostgreSQL at {} failed: the connection was lost ({}); check that "
                      "the server is running (drover reconnects on its next request)",
                      what, m_redacted, reason);
  }
  return make_error(ErrorCode::io, "{} on PostgreSQL at {} failed: {}", what, m_redacted, reason);
}

Status PgConnection::exec(const std::string& sql) {
  DROVER_RETURN_IF_ERROR(ensure_connected());
  PgResult result(PQexec(m_conn, sql.c_str()));
  ExecStatusType status = PQresultStatus(result.raw());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return failure("running SQL", result.raw());
  }
  return {};
}

Result<std::string> PgConnection::prepared(const std::string& sql,
                                           const std::vector<PgOid>& types) {
  if (auto found = m_prepared.find(sql); found != m_prepared.end()) return found->second;
  std::string name = "drover_" + std::to_string(m_prepared.size() + 1);
  PgResult result(PQprepare(m_conn, name.c_str(), sql.c_str(), static_cast<int>(types.size()),
                            types.empty() ? nullptr : types.data()));
  if (PQresultStatus(result.raw()) != PGRES_COMMAND_OK) {
    return failure("preparing a statement", result.raw());
  }
  m_prepared.emplace(sql, name);
  return name;
}

Result<PgResult> PgConnection::query_once(const std::string& sql, const ColumnValues& params,
                                          const std::vector<PgOid>& types) {
  DROVER_TRY(name, prepared(sql, types));
  TextParams text(params);
  PgResult result(PQexecPrepared(m_conn, name->c_str(), text.count(), text.pointers.data(), nullptr,
                                 nullptr, 0));
  ExecStatusType status = PQresultStatus(result.raw());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return failure("a query", result.raw());
  }
  return result;
}

Result<PgResult> PgConnection::query(const std::string& sql, const ColumnValues& params,
                                     const std::vector<PgOid>& types) {
  DROVER_RETURN_IF_ERROR(ensure_connected());
  Result<PgResult> result = query_once(sql, params, types);
  // A read is safe to repeat: once, on a new connection.
  if (result || !connection_lost()) return result;
  DROVER_RETURN_IF_ERROR(ensure_connected());
  return query_once(sql, params, types);
}

Status PgConnection::run_in_transaction(const std::vector<PgCommand>& commands, bool synchronous) {
  DROVER_RETURN_IF_ERROR(ensure_connected());
  // Prepared up front: a statement can't be prepared and awaited mid-pipeline.
  for (const PgCommand& command : commands) {
    DROVER_TRY(name, prepared(*command.sql, {}));
  }
  if (PQenterPipelineMode(m_conn) != 1) return failure("starting a batch");
  Status sent = send_pipelined(commands, synchronous);
  // Fails only when results are left unread: the session is then unusable.
  if (PQexitPipelineMode(m_conn) != 1) m_broken = true;
  if (!sent && !connection_lost() && PQtransactionStatus(m_conn) != PQTRANS_IDLE) {
    PgResult rolled_back(PQexec(m_conn, "ROLLBACK"));
  }
  return sent;
}

Status PgConnection::send_pipelined(const std::vector<PgCommand>& commands, bool synchronous) {
  auto send_plain = [this](const char* sql) {
    return PQsendQueryParams(m_conn, sql, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
  };
  bool sent = send_plain("BEGIN");
  // Progress may lose its last commits on a crash; it never waits for a flush.
  if (sent && !synchronous) sent = send_plain("SET LOCAL synchronous_commit = off");
  std::size_t pending = synchronous ? 1 : 2;
  for (const PgCommand& command : commands) {
    TextParams text(command.params);
    const std::string& name = m_prepared.at(*command.sql);
    sent = sent && PQsendQueryPrepared(m_conn, name.c_str(), text.count(), text.pointers.data(),
                                       nullptr, nullptr, 0) == 1;
    if (++pending < kCommandsPerRoundTrip) continue;
    if (!sent || PQpipelineSync(m_conn) != 1) return failure("sending a batch");
    DROVER_RETURN_IF_ERROR(read_until_sync(pending, {}));
    pending = 0;
  }
  sent = sent && send_plain("COMMIT") && PQpipelineSync(m_conn) == 1;
  if (!sent) return failure("sending a batch");
  return read_until_sync(pending + 1, {});
}

// Reads the results of `results` commands and the sync that follows them;
// after a failure the server skips the rest (PGRES_PIPELINE_ABORTED).
Status PgConnection::read_until_sync(std::size_t results, Status first_failure) {
  for (std::size_t i = 0; i < results; ++i) {
    PgResult result(PQgetResult(m_conn));
    if (result.raw() == nullptr) return failure("reading the results of a batch");
    ExecStatusType status = PQresultStatus(result.raw());
    if (status == PGRES_FATAL_ERROR && first_failure) {
      first_failure = failure("writing a batch", result.raw());
    }
    // Each command's results end with a null result.
    PgResult end(PQgetResult(m_conn));
  }
  PgResult sync(PQgetResult(m_conn));
  if (PQresultStatus(sync.raw()) != PGRES_PIPELINE_SYNC) {
    m_broken = true;
    return first_failure ? failure("finishing a batch", sync.raw()) : first_failure;
  }
  return first_failure;
}

}  // namespace drover
