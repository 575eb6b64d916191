#include "store/sqlite/query_plan.h"

#include <algorithm>
#include <regex>
#include <utility>

namespace drover {

Result<std::vector<std::string>> explain_query_plan(SqliteDb& db, const std::string& sql) {
  DROVER_TRY(statement, db.cached("EXPLAIN QUERY PLAN " + sql));
  std::vector<std::string> plan;
  std::vector<std::pair<std::int64_t, int>> depths;  // node id, its depth
  Status read = for_each_row(**statement, [&](RowReader& row) {
    std::int64_t id = row.int64();
    std::int64_t parent = row.int64();
    row.int64();  // unused
    int depth = 0;
    for (const auto& [node, node_depth] : depths) {
      if (node == parent) depth = node_depth + 1;
    }
    depths.emplace_back(id, depth);
    plan.push_back(std::string(static_cast<std::size_t>(depth) * 2, ' ') + row.text());
  });
  if (!read) return read.error();
  return plan;
}

std::optional<std::string> find_table_scan(const std::vector<std::string>& plan,
                                           const std::vector<std::string>& bounded_indexes) {
  // "SCAN jobs", "SCAN jobs USING INDEX x", "SCAN jobs USING COVERING INDEX x".
  static const std::regex scan(
      R"(^\s*SCAN (jobs|attempts|history)\b(?: USING (?:COVERING )?INDEX (\w+))?)");
  for (const std::string& line : plan) {
    std::smatch match;
    if (!std::regex_search(line, match, scan)) continue;
    bool bounded = match[2].matched && std::find(bounded_indexes.begin(), bounded_indexes.end(),
                                                 match[2].str()) != bounded_indexes.end();
    if (!bounded) return line;
  }
  return std::nullopt;
}

}  // namespace drover
