#include "store/open_store.h"

#include "store/postgres/postgres_store.h"
#include "store/store_location.h"

namespace drover {

Result<std::unique_ptr<Store>> open_store(const std::string& location) {
  if (is_postgres_location(location)) return open_postgres_store(location);
  return open_sqlite_store(location);
}

}  // namespace drover
