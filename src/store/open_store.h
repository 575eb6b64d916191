// Opens the store a location names: PostgreSQL for a postgresql:// or
// postgres:// connection string, else the SQLite database at that path.
// The one place that picks a backend.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace drover {

Result<std::unique_ptr<Store>> open_store(const std::string& location);

}  // namespace drover
