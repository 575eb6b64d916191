#include "store/job_columns.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/job_json.h"

namespace drover {
namespace {

constexpr std::array<std::string_view, 22> kJobColumns{
    "id",           "type",        "params",       "key",        "queue",
    "priority",     "state",       "state_reason", "resume_at",  "created_at",
    "started_at",   "finished_at", "progress",     "checkpoint", "checkpoint_saved_at",
    "result",       "error",       "cached_from",  "after_ids",  "parent",
    "stop_request", "chain"};

constexpr std::array<std::string_view, 18> kAttemptColumns{"job_id",
                                                           "n",
                                                           "token",
                                                           "node",
                                                           "pid",
                                                           "shim_pid",
                                                           "shim_start_ticks",
                                                           "boot_id",
                                                           "started_at",
                                                           "ended_at",
                                                           "exit_code",
                                                           "signal",
                                                           "log_bytes",
                                                           "log_truncated",
                                                           "last_event_seq",
                                                           "on_worker",
                                                           "worker",
                                                           "lease_until"};

constexpr std::array<std::string_view, 5> kTransitionColumns{"job_id", "at", "from_state",
                                                             "to_state", "reason"};

template <std::size_t N>
std::string comma_list(const std::array<std::string_view, N>& columns) {
  return fmt::format("{}", fmt::join(columns, ", "));
}

// INSERT INTO table (...) VALUES (?1, ...), and when `key` is given
// ON CONFLICT (key) DO UPDATE SET every other column = excluded.column.
template <std::size_t N>
std::string insert_sql(std::string_view table, const std::array<std::string_view, N>& columns,
                       std::initializer_list<std::string_view> key) {
  std::string sql = fmt::format("INSERT INTO {} ({}) VALUES (", table, comma_list(columns));
  for (std::size_t i = 1; i <= N; ++i) sql += fmt::format("{}?{}", i > 1 ? ", " : "", i);
  sql += ")";
  if (key.size() == 0) return sql;
  sql += fmt::format(" ON CONFLICT ({}) DO UPDATE SET ", fmt::join(key, ", "));
  bool first = true;
  for (std::string_view column : columns) {
    if (std::find(key.begin(), key.end(), column) != key.end()) continue;
    sql += fmt::format("{}{} = excluded.{}", first ? "" : ", ", column, column);
    first = false;
  }
  return sql;
}

// Text for a JSON column; invalid UTF-8 in a string is replaced, not thrown.
std::string json_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Most rows written are new jobs', whose progress text is always the same.
std::string progress_text(const Progress& progress) {
  static const std::string pristine = json_text(progress_to_json(Progress{}));
  return progress.pristine() ? pristine : json_text(progress_to_json(progress));
}

ColumnValue optional_json_text(const std::optional<Json>& value) {
  if (!value) return nullptr;
  return json_text(*value);
}

template <typename T>
ColumnValue optional_value(const std::optional<T>& value) {
  if (!value) return nullptr;
  if constexpr (std::is_same_v<T, std::string>) {
    return *value;
  } else {
    return static_cast<std::int64_t>(*value);
  }
}

// The SQL of `dialect` for `sqlite_sql`, built once per dialect.
const std::string& for_dialect(const std::string& sqlite_sql, const std::string& postgres_sql,
                               SqlDialect dialect) {
  return dialect == SqlDialect::sqlite ? sqlite_sql : postgres_sql;
}

}  // namespace

namespace job_columns_detail {

std::vector<JobId> job_ids_from(const std::string& json_array) {
  std::vector<JobId> ids;
  for (const Json& id : Json::parse(json_array)) {
    if (id.is_number_integer()) ids.push_back(id.get<JobId>());
  }
  return ids;
}

std::optional<Checkpoint> checkpoint_from(const std::optional<std::string>& text, Millis saved_at) {
  if (!text) return std::nullopt;
  return Checkpoint{Json::parse(*text), saved_at};
}

Error damaged_job(JobId id, const char* what) {
  return make_error(ErrorCode::io,
                    "job {} is damaged in the database ({}); delete it with `drover rm {}`", id,
                    what, id);
}

}  // namespace job_columns_detail

const std::string& job_columns() {
  static const std::string columns = comma_list(kJobColumns);
  return columns;
}

const std::string& upsert_job_sql(SqlDialect dialect) {
  static const std::string sql = insert_sql("jobs", kJobColumns, {"id"});
  static const std::string postgres = in_dialect(sql, SqlDialect::postgres);
  return for_dialect(sql, postgres, dialect);
}

ColumnValues job_values(const Job& job) {
  return {job.id,
          job.type,
          json_text(job.params),
          optional_value(job.key),
          job.queue,
          std::int64_t{job.priority},
          std::string(state_name(job.state)),
          job.state_reason,
          optional_value(job.resume_at),
          job.created_at,
          optional_value(job.started_at),
          optional_value(job.finished_at),
          progress_text(job.progress),
          job.checkpoint ? ColumnValue(json_text(job.checkpoint->value)) : nullptr,
          job.checkpoint ? ColumnValue(job.checkpoint->saved_at) : nullptr,
          optional_json_text(job.result),
          optional_value(job.error),
          optional_value(job.cached_from),
          json_text(Json(job.after)),
          optional_value(job.parent),
          std::string(stop_request_name(job.stop_request)),
          job.chain ? ColumnValue(json_text(chain_run_to_json(*job.chain))) : nullptr};
}

const std::string& attempt_columns() {
  static const std::string columns = comma_list(kAttemptColumns);
  return columns;
}

const std::string& upsert_attempt_sql(SqlDialect dialect) {
  static const std::string sql = insert_sql("attempts", kAttemptColumns, {"job_id", "n"});
  static const std::string postgres = in_dialect(sql, SqlDialect::postgres);
  return for_dialect(sql, postgres, dialect);
}

ColumnValues attempt_values(JobId job_id, const Attempt& a) {
  // Unsigned counters are stored as signed 64-bit integers.
  return {job_id,
          std::int64_t{a.n},
          a.token,
          a.node,
          optional_value(a.pid),
          optional_value(a.shim_pid),
          static_cast<std::int64_t>(a.shim_start_ticks),
          a.boot_id,
          a.started_at,
          optional_value(a.ended_at),
          optional_value(a.exit_code),
          optional_value(a.signal),
          static_cast<std::int64_t>(a.log_bytes),
          std::int64_t{a.log_truncated ? 1 : 0},
          a.last_event_seq,
          std::int64_t{a.on_worker ? 1 : 0},
          a.worker,
          optional_value(a.lease_until)};
}

const std::string& transition_columns() {
  static const std::string columns = comma_list(kTransitionColumns);
  return columns;
}

const std::string& insert_transition_sql(SqlDialect dialect) {
  static const std::string sql = insert_sql("history", kTransitionColumns, {});
  static const std::string postgres = in_dialect(sql, SqlDialect::postgres);
  return for_dialect(sql, postgres, dialect);
}

ColumnValues transition_values(JobId job_id, const Transition& t) {
  return {job_id, t.at, std::string(state_name(t.from)), std::string(state_name(t.to)), t.reason};
}

}  // namespace drover
