// How a cache entry and a saved chain are read back from a row of the cache
// and templates tables, the same in every SQL backend; `Row` is a backend's
// row reader (job_columns.h). Pure functions; thread-safe.
#pragma once

#include <string>

#include "store/store.h"

namespace drover {

// The columns of the cache table, in the order read_cache_entry reads them.
inline constexpr const char* kCacheColumns = "type, params, job_id, created_at, last_accessed";

template <typename Row>
CacheEntry read_cache_entry(Row& row) {
  CacheEntry entry;
  entry.type = row.text();
  entry.params = row.text();
  entry.job_id = row.int64();
  entry.created_at = row.int64();
  entry.last_accessed = row.int64();
  return entry;
}

// Reads name, chain, updated_at; a damaged chain reads as a discarded JSON value.
template <typename Row>
ChainTemplate read_template(Row& row) {
  ChainTemplate entry;
  entry.name = row.text();
  entry.chain = Json::parse(row.text(), nullptr, false);
  entry.updated_at = row.int64();
  return entry;
}

}  // namespace drover
