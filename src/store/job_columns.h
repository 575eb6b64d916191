// How a Job, an Attempt and a Transition map onto the columns of the jobs,
// attempts and history tables, the same in every SQL backend: the column
// lists, the values a write binds and reading a row back. Each column list
// and its values/read pair are kept side by side in job_columns.cc and here,
// because their order must match.
//
// A backend binds ColumnValues its own way and reads rows with its own
// reader, which offers is_null(), int64(), integer(), boolean(), text() and
// optional<T>(), column by column, left to right.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/job.h"
#include "core/job_json.h"
#include "core/result.h"
#include "store/column_value.h"
#include "store/sql_dialect.h"

namespace drover {

// "id, type, params, ..." for SELECT; read_job reads them in this order.
const std::string& job_columns();
// INSERT of every job column that updates the row in place when the id exists
// (never REPLACE: that would delete the row and cascade to its attempts).
const std::string& upsert_job_sql(SqlDialect dialect);
ColumnValues job_values(const Job& job);

// "job_id, n, token, ..." for SELECT; read_attempt reads them after job_id.
const std::string& attempt_columns();
const std::string& upsert_attempt_sql(SqlDialect dialect);
ColumnValues attempt_values(JobId job_id, const Attempt& attempt);

// "job_id, at, ..."; read_transition reads them after job_id.
const std::string& transition_columns();
const std::string& insert_transition_sql(SqlDialect dialect);
ColumnValues transition_values(JobId job_id, const Transition& transition);

// The parts of a job row kept as JSON text; nlohmann reports damaged JSON by
// throwing Json::exception.
namespace job_columns_detail {
std::vector<JobId> job_ids_from(const std::string& json_array);
std::optional<Checkpoint> checkpoint_from(const std::optional<std::string>& text, Millis saved_at);
Error damaged_job(JobId id, const char* what);
}  // namespace job_columns_detail

// Reads the job columns of job_columns(); fails only when a JSON column can't
// be parsed (a damaged database).
template <typename Row>
Result<Job> read_job(Row& row) {
  using namespace job_columns_detail;
  Job job;
  job.id = row.int64();
  try {
    job.type = row.text();
    job.params = Json::parse(row.text());
    job.key = row.template optional<std::string>();
    job.queue = row.text();
    job.priority = row.integer();
    job.state = parse_state(row.text()).value_or(JobState::queued);
    job.state_reason = row.text();
    job.resume_at = row.template optional<Millis>();
    job.created_at = row.int64();
    job.started_at = row.template optional<Millis>();
    job.finished_at = row.template optional<Millis>();
    job.progress = progress_from_json(Json::parse(row.text()));
    std::optional<std::string> checkpoint = row.template optional<std::string>();
    job.checkpoint = checkpoint_from(checkpoint, row.template optional<Millis>().value_or(0));
    if (auto result = row.template optional<std::string>()) job.result = Json::parse(*result);
    job.error = row.template optional<std::string>();
    job.cached_from = row.template optional<JobId>();
    job.after = job_ids_from(row.text());
    job.parent = row.template optional<JobId>();
    job.stop_request = parse_stop_request(row.text());
    if (auto chain = row.template optional<std::string>()) {
      job.chain = chain_run_from_json(Json::parse(*chain));
    }
  } catch (const Json::exception& damaged) {
    return damaged_job(job.id, damaged.what());
  }
  return job;
}

// Reads the attempt columns that follow job_id.
template <typename Row>
Attempt read_attempt(Row& row) {
  Attempt a;
  a.n = row.integer();
  a.token = row.text();
  a.node = row.text();
  a.pid = row.template optional<int>();
  a.shim_pid = row.template optional<int>();
  a.shim_start_ticks = static_cast<std::uint64_t>(row.int64());
  a.boot_id = row.text();
  a.started_at = row.int64();
  a.ended_at = row.template optional<Millis>();
  a.exit_code = row.template optional<int>();
  a.signal = row.template optional<int>();
  a.log_bytes = static_cast<std::uint64_t>(row.int64());
  a.log_truncated = row.boolean();
  a.last_event_seq = row.int64();
  a.on_worker = row.boolean();
  a.worker = row.text();
  a.lease_until = row.template optional<Millis>();
  return a;
}

// Reads the transition columns that follow job_id.
template <typename Row>
Transition read_transition(Row& row) {
  Transition t;
  t.at = row.int64();
  t.from = parse_state(row.text()).value_or(JobState::queued);
  t.to = parse_state(row.text()).value_or(JobState::queued);
  t.reason = row.text();
  return t;
}

}  // namespace drover
