#include "store/sqlite/job_queries.h"

#include <array>

#include <fmt/format.h>

#include "store/sqlite/job_rows.h"

namespace drover {
namespace {

constexpr std::array<JobState, 7> kAllStates{
    JobState::queued,    JobState::running, JobState::completed,  JobState::failed,
    JobState::cancelled, JobState::paused,  JobState::interrupted};
constexpr std::array<JobState, 3> kFinishedStates{JobState::completed, JobState::failed,
                                                  JobState::cancelled};

// "'paused', 'interrupted', ..." — state names are fixed identifiers, so they
// are written into the SQL (one cached statement per set of states), which is
// also what lets SQLite match a partial index's WHERE clause.
std::string quoted_states(const std::vector<JobState>& states) {
  std::string list;
  for (JobState state : states) {
    list += fmt::format("{}'{}'", list.empty() ? "" : ", ", state_name(state));
  }
  return list;
}

// The condition shared by the partial indexes of resumable jobs and every
// query that uses them; SQLite uses such an index only when the query
// repeats its WHERE terms.
std::string resumable_condition() {
  return fmt::format("checkpoint IS NOT NULL AND state IN ({})", quoted_states(resumable_states()));
}

// One arm per state: `SELECT id` from the newest rows of that state matching
// `conditions`, `order` and `limit` as given; the arms are joined by UNION ALL.
std::string arms_by_state(const std::vector<JobState>& states, const std::string& conditions,
                          const std::string& order, const std::string& limit) {
  std::string arms;
  for (JobState state : states) {
    if (!arms.empty()) arms += " UNION ALL ";
    arms += fmt::format(
        "SELECT id FROM (SELECT id FROM jobs WHERE state = '{}'{} ORDER BY {} LIMIT {})",
        state_name(state), conditions, order, limit);
  }
  return arms;
}

}  // namespace

std::string list_jobs_sql(const JobFilter& filter) {
  std::vector<JobState> states = filter.states;
  if (states.empty()) states.assign(kAllStates.begin(), kAllStates.end());
  std::string conditions;
  if (filter.type) conditions += " AND type = ?1";
  if (filter.key) conditions += " AND key = ?2";
  if (filter.before_id) conditions += " AND id < ?3";
  if (filter.top_level) conditions += " AND parent IS NULL";
  return fmt::format("SELECT {} FROM jobs WHERE id IN ({}) ORDER BY id DESC LIMIT ?4",
                     job_columns(), arms_by_state(states, conditions, "id DESC", "?4"));
}

const std::string& newest_by_key_sql() {
  static const std::string sql =
      "SELECT id, state, finished_at FROM jobs WHERE type = ?1 AND key = ?2 AND state = ?3 "
      "ORDER BY id DESC LIMIT 1";
  return sql;
}

const std::vector<JobState>& resumable_states() {
  static const std::vector<JobState> states{JobState::paused, JobState::interrupted,
                                            JobState::failed, JobState::cancelled};
  return states;
}

const std::string& resumable_by_key_sql() {
  static const std::string sql = fmt::format(
      "SELECT id FROM jobs WHERE type = ?1 AND key = ?2 AND {} ORDER BY id DESC LIMIT 1",
      resumable_condition());
  return sql;
}

const std::string& list_resumable_sql() {
  // Named: left to itself SQLite prefers an equality on state (every failed
  // and cancelled job, sorted) to this index of the few resumable ones.
  static const std::string sql = fmt::format(
      "SELECT {} FROM jobs INDEXED BY jobs_resumable WHERE {} ORDER BY id DESC LIMIT ?1",
      job_columns(), resumable_condition());
  return sql;
}

const std::string& keep_boundary_sql() {
  static const std::string sql = fmt::format(
      "SELECT id FROM ({}) ORDER BY id DESC LIMIT 1 OFFSET ?1 - 1",
      arms_by_state({kFinishedStates.begin(), kFinishedStates.end()}, "", "id DESC", "?1"));
  return sql;
}

const std::string& expired_jobs_sql() {
  static const std::string sql =
      fmt::format("SELECT id FROM ({}) LIMIT ?3",
                  arms_by_state({kFinishedStates.begin(), kFinishedStates.end()},
                                " AND finished_at < ?1 AND id < ?2", "finished_at", "?3"));
  return sql;
}

const std::string& job_by_id_sql() {
  static const std::string sql = fmt::format("SELECT {} FROM jobs WHERE id = ?1", job_columns());
  return sql;
}

const std::string& attempts_of_jobs_sql() {
  // One query for a whole page: the ids travel as one JSON array parameter.
  static const std::string sql = fmt::format(
      "SELECT {} FROM attempts WHERE job_id IN (SELECT value FROM json_each(?1)) "
      "ORDER BY job_id, n",
      attempt_columns());
  return sql;
}

const std::string& history_of_job_sql() {
  static const std::string sql =
      fmt::format("SELECT {} FROM history WHERE job_id = ?1 ORDER BY seq", transition_columns());
  return sql;
}

std::vector<NamedQuery> hot_path_queries() {
  std::vector<JobState> unfinished{JobState::queued, JobState::running, JobState::paused,
                                   JobState::interrupted};
  std::vector<JobState> finished(kFinishedStates.begin(), kFinishedStates.end());
  auto filter = [](std::vector<JobState> states, std::optional<std::string> type,
                   std::optional<std::string> key, std::optional<JobId> before_id,
                   bool top_level = false) {
    JobFilter made;
    made.states = std::move(states);
    made.type = std::move(type);
    made.key = std::move(key);
    made.before_id = before_id;
    made.top_level = top_level;
    return made;
  };
  return {
      {"ls: every job", list_jobs_sql(filter({}, {}, {}, {}))},
      {"ls: active jobs (the UI's first page)", list_jobs_sql(filter(unfinished, {}, {}, {}))},
      {"ls: last finished", list_jobs_sql(filter(finished, {}, {}, {}))},
      {"ls: last finished without phases (History)",
       list_jobs_sql(filter(finished, {}, {}, 100, true))},
      {"ls: next page of one state", list_jobs_sql(filter({JobState::failed}, {}, {}, 100))},
      {"ls --type", list_jobs_sql(filter(unfinished, "shell", {}, {}))},
      {"ls --type, next page", list_jobs_sql(filter({}, "shell", {}, 100))},
      {"list by key", list_jobs_sql(filter({}, {}, "k", {}))},
      {"list by type and key", list_jobs_sql(filter(unfinished, "shell", "k", 100))},
      {"dedupe: newest by key", newest_by_key_sql()},
      {"submit: resumable by key", resumable_by_key_sql()},
      {"interrupted jobs", list_resumable_sql()},
      {"retention: keep boundary", keep_boundary_sql()},
      {"retention: expired jobs", expired_jobs_sql()},
      {"job by id", job_by_id_sql()},
      {"attempts of a page", attempts_of_jobs_sql()},
      {"history of a job", history_of_job_sql()},
  };
}

}  // namespace drover
