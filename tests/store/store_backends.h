// The backends the typed store suites run against. A backend factory:
// constructing it makes a fresh, empty place for a store (a folder, a
// database schema); open() opens a store on it, again and again.
// skip_reason() says why the environment asked to leave a backend out.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "os/test_dir.h"
#include "store/store.h"

namespace drover {

class SqliteBackend {
 public:
  static std::optional<std::string> skip_reason() { return std::nullopt; }

  Result<std::unique_ptr<Store>> open() {
    return open_sqlite_store((m_dir.path() / "state" / "drover.db").string());
  }

 private:
  TestDir m_dir;
};

// A schema of its own on the test server named by DROVER_TEST_POSTGRES (ctest
// starts one: tests/store/CMakeLists.txt), dropped at the end. Without the
// variable every test fails and says how to set it; DROVER_TEST_POSTGRES=off
// skips them.
class PostgresBackend {
 public:
  PostgresBackend();
  ~PostgresBackend();
  PostgresBackend(const PostgresBackend&) = delete;
  PostgresBackend& operator=(const PostgresBackend&) = delete;

  static std::optional<std::string> skip_reason();
  Result<std::unique_ptr<Store>> open();
  // The connection string of the fresh schema (its search_path).
  const std::string& location() const { return m_location; }

 private:
  std::string m_server;  // DROVER_TEST_POSTGRES
  std::string m_schema;
  std::string m_location;
  std::optional<Error> m_setup_error;
};

}  // namespace drover
