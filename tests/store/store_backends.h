// The backends the typed store suites run against. A backend factory:
// constructing it makes a fresh, empty place for a store (a folder, a
// database schema); open() opens a store on it, again and again.
#pragma once

#include <memory>

#include "os/test_dir.h"
#include "store/store.h"

namespace drover {

class SqliteBackend {
 public:
  Result<std::unique_ptr<Store>> open() {
    return open_sqlite_store((m_dir.path() / "state" / "drover.db").string());
  }

 private:
  TestDir m_dir;
};

}  // namespace drover
