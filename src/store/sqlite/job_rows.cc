#include "store/sqlite/job_rows.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string_view>

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
                       std::initializer_list<std::string_view> key = {}) {
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

std::optional<std::string> optional_json_text(const std::optional<Json>& value) {
  return value ? std::optional(json_text(*value)) : std::nullopt;
}

std::vector<JobId> job_ids_from(const Json& array) {
  std::vector<JobId> ids;
  for (const Json& id : array) {
    if (id.is_number_integer()) ids.push_back(id.get<JobId>());
  }
  return ids;
}

std::optional<Checkpoint> checkpoint_from(const std::optional<std::string>& text, Millis saved_at) {
  if (!text) return std::nullopt;
  return Checkpoint{Json::parse(*text), saved_at};
}

// Reads the job columns after `id`; nlohmann reports damaged JSON by throwing.
void read_job_fields(RowReader& row, Job& job) {
  job.type = row.text();
  job.params = Json::parse(row.text());
  job.key = row.optional<std::string>();
  job.queue = row.text();
  job.priority = row.integer();
  job.state = parse_state(row.text()).value_or(JobState::queued);
  job.state_reason = row.text();
  job.resume_at = row.optional<Millis>();
  job.created_at = row.int64();
  job.started_at = row.optional<Millis>();
  job.finished_at = row.optional<Millis>();
  job.progress = progress_from_json(Json::parse(row.text()));
  std::optional<std::string> checkpoint = row.optional<std::string>();
  job.checkpoint = checkpoint_from(checkpoint, row.optional<Millis>().value_or(0));
  std::optional<std::string> result = row.optional<std::string>();
  if (result) job.result = Json::parse(*result);
  job.error = row.optional<std::string>();
  job.cached_from = row.optional<JobId>();
  job.after = job_ids_from(Json::parse(row.text()));
  job.parent = row.optional<JobId>();
  job.stop_request = parse_stop_request(row.text());
  if (auto chain = row.optional<std::string>())
    job.chain = chain_run_from_json(Json::parse(*chain));
}

}  // namespace

const std::string& job_columns() {
  static const std::string columns = comma_list(kJobColumns);
  return columns;
}

const std::string& upsert_job_sql() {
  static const std::string sql = insert_sql("jobs", kJobColumns, {"id"});
  return sql;
}

void bind_job(Statement& statement, const Job& job) {
  statement.bind_all(
      job.id, job.type, json_text(job.params), job.key, job.queue, job.priority,
      state_name(job.state), job.state_reason, job.resume_at, job.created_at, job.started_at,
      job.finished_at, progress_text(job.progress),
      job.checkpoint ? std::optional(json_text(job.checkpoint->value)) : std::nullopt,
      job.checkpoint ? std::optional(job.checkpoint->saved_at) : std::nullopt,
      optional_json_text(job.result), job.error, job.cached_from, json_text(Json(job.after)),
      job.parent, stop_request_name(job.stop_request),
      job.chain ? std::optional(json_text(chain_run_to_json(*job.chain))) : std::nullopt);
}

Result<Job> read_job(RowReader& row) {
  Job job;
  job.id = row.int64();
  try {
    read_job_fields(row, job);
  } catch (const Json::exception& damaged) {
    return make_error(ErrorCode::io,
                      "job {} is damaged in the database ({}); delete it with `drover rm {}`",
                      job.id, damaged.what(), job.id);
  }
  return job;
}

const std::string& attempt_columns() {
  static const std::string columns = comma_list(kAttemptColumns);
  return columns;
}

const std::string& upsert_attempt_sql() {
  static const std::string sql = insert_sql("attempts", kAttemptColumns, {"job_id", "n"});
  return sql;
}

void bind_attempt(Statement& statement, JobId job_id, const Attempt& a) {
  // Unsigned counters are stored as SQLite's signed 64-bit integers.
  statement.bind_all(job_id, a.n, a.token, a.node, a.pid, a.shim_pid,
                     static_cast<std::int64_t>(a.shim_start_ticks), a.boot_id, a.started_at,
                     a.ended_at, a.exit_code, a.signal, static_cast<std::int64_t>(a.log_bytes),
                     a.log_truncated, a.last_event_seq, a.on_worker, a.worker, a.lease_until);
}

Attempt read_attempt(RowReader& row) {
  Attempt a;
  a.n = row.integer();
  a.token = row.text();
  a.node = row.text();
  a.pid = row.optional<int>();
  a.shim_pid = row.optional<int>();
  a.shim_start_ticks = static_cast<std::uint64_t>(row.int64());
  a.boot_id = row.text();
  a.started_at = row.int64();
  a.ended_at = row.optional<Millis>();
  a.exit_code = row.optional<int>();
  a.signal = row.optional<int>();
  a.log_bytes = static_cast<std::uint64_t>(row.int64());
  a.log_truncated = row.boolean();
  a.last_event_seq = row.int64();
  a.on_worker = row.boolean();
  a.worker = row.text();
  a.lease_until = row.optional<Millis>();
  return a;
}

const std::string& transition_columns() {
  static const std::string columns = comma_list(kTransitionColumns);
  return columns;
}

const std::string& insert_transition_sql() {
  static const std::string sql = insert_sql("history", kTransitionColumns);
  return sql;
}

void bind_transition(Statement& statement, JobId job_id, const Transition& t) {
  statement.bind_all(job_id, t.at, state_name(t.from), state_name(t.to), t.reason);
}

Transition read_transition(RowReader& row) {
  Transition t;
  t.at = row.int64();
  t.from = parse_state(row.text()).value_or(JobState::queued);
  t.to = parse_state(row.text()).value_or(JobState::queued);
  t.reason = row.text();
  return t;
}

}  // namespace drover
