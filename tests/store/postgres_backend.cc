// PostgresBackend (store_backends.h): a fresh schema per backend on the test
// server, so tests running in parallel never see each other's jobs.
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include <fmt/format.h>

#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_store.h"
#include "store_backends.h"

namespace drover {
namespace {

constexpr const char* kVariable = "DROVER_TEST_POSTGRES";

std::optional<std::string> test_server() {
  const char* value = std::getenv(kVariable);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string unique_schema() {
  static std::atomic<int> counter{0};
  return fmt::format("drover_test_{}_{}", ::getpid(), ++counter);
}

// `server` with `schema` first on the search path (libpq decodes %3D to '=').
std::string with_search_path(const std::string& server, const std::string& schema) {
  char separator = server.find('?') == std::string::npos ? '?' : '&';
  return fmt::format("{}{}options=-csearch_path%3D{}", server, separator, schema);
}

}  // namespace

std::optional<std::string> PostgresBackend::skip_reason() {
  if (test_server() == "off") return std::string(kVariable) + "=off: PostgreSQL tests skipped";
  return std::nullopt;
}

PostgresBackend::PostgresBackend() : m_schema(unique_schema()) {
  std::optional<std::string> server = test_server();
  if (!server) {
    m_setup_error = make_error(ErrorCode::unavailable,
                               "{} is not set: run the tests through ctest (it starts a server "
                               "with scripts/postgres), or set it to a postgresql:// URL of a "
                               "throwaway server, or to `off` to skip the PostgreSQL tests",
                               kVariable);
    return;
  }
  m_server = *server;
  m_location = with_search_path(m_server, m_schema);
  Result<std::unique_ptr<PgConnection>> admin = PgConnection::open(m_server);
  Status created = admin ? (*admin)->exec("CREATE SCHEMA " + m_schema) : Status(admin.error());
  if (!created) m_setup_error = created.error();
}

PostgresBackend::~PostgresBackend() {
  if (m_server.empty()) return;
  Result<std::unique_ptr<PgConnection>> admin = PgConnection::open(m_server);
  if (admin) (void)(*admin)->exec("DROP SCHEMA IF EXISTS " + m_schema + " CASCADE");
}

Result<std::unique_ptr<Store>> PostgresBackend::open() {
  if (m_setup_error) return *m_setup_error;
  return open_postgres_store(m_location);
}

}  // namespace drover
