#include "store/job_queries.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/job_columns.h"

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
        "SELECT id FROM (SELECT id FROM jobs WHERE state = '{}'{} ORDER BY {} LIMIT {}) AS arm",
        state_name(state), conditions, order, limit);
  }
  return arms;
}

// `sql` in `dialect`. PostgreSQL indexes keys by md5(key) (a key may be
// longer than a B-tree entry can be): its queries compare the hash, which the
// index serves, and then the key itself.
std::string for_dialect(const std::string& sql, SqlDialect dialect) {
  std::string text = in_dialect(sql, dialect);
  if (dialect == SqlDialect::sqlite) return text;
  constexpr std::string_view kKeyEquals = " key = $2";
  constexpr std::string_view kHashAndKeyEqual = " md5(key) = md5($2) AND key = $2";
  for (std::size_t at = text.find(kKeyEquals); at != std::string::npos;
       at = text.find(kKeyEquals, at + kHashAndKeyEqual.size())) {
    text.replace(at, kKeyEquals.size(), kHashAndKeyEqual);
  }
  return text;
}

// The text of one query in both dialects, made once from its SQLite text.
struct InBothDialects {
  explicit InBothDialects(std::string sqlite_text)
      : sqlite(std::move(sqlite_text)), postgres(for_dialect(sqlite, SqlDialect::postgres)) {}
  const std::string& in(SqlDialect dialect) const {
    return dialect == SqlDialect::sqlite ? sqlite : postgres;
  }
  std::string sqlite;
  std::string postgres;
};

}  // namespace

JobFilter without_repeated_states(JobFilter filter) {
  std::sort(filter.states.begin(), filter.states.end());
  filter.states.erase(std::unique(filter.states.begin(), filter.states.end()), filter.states.end());
  return filter;
}

std::string list_jobs_sql(const JobFilter& filter, SqlDialect dialect) {
  std::vector<JobState> states = filter.states;
  if (states.empty()) states.assign(kAllStates.begin(), kAllStates.end());
  std::string conditions;
  if (filter.type) conditions += " AND type = ?1";
  if (filter.key) conditions += " AND key = ?2";
  if (filter.before_id) conditions += " AND id < ?3";
  if (filter.top_level) conditions += " AND parent IS NULL";
  return for_dialect(fmt::format("SELECT {} FROM jobs WHERE id IN ({}) ORDER BY id DESC LIMIT ?4",
                                 job_columns(), arms_by_state(states, conditions, "id DESC", "?4")),
                     dialect);
}

const std::string& newest_by_key_sql(SqlDialect dialect) {
  static const InBothDialects sql(
      "SELECT id, state, finished_at FROM jobs WHERE type = ?1 AND key = ?2 AND state = ?3 "
      "ORDER BY id DESC LIMIT 1");
  return sql.in(dialect);
}

const std::vector<JobState>& resumable_states() {
  static const std::vector<JobState> states{JobState::paused, JobState::interrupted,
                                            JobState::failed, JobState::cancelled};
  return states;
}

const std::string& resumable_by_key_sql(SqlDialect dialect) {
  static const InBothDialects sql(fmt::format(
      "SELECT id FROM jobs WHERE type = ?1 AND key = ?2 AND {} ORDER BY id DESC LIMIT 1",
      resumable_condition()));
  return sql.in(dialect);
}

const std::string& list_resumable_sql(SqlDialect dialect) {
  // Named for SQLite: left to itself it prefers an equality on state (every
  // failed and cancelled job, sorted) to this index of the few resumable ones.
  static const std::string sqlite = fmt::format(
      "SELECT {} FROM jobs INDEXED BY jobs_resumable WHERE {} ORDER BY id DESC LIMIT ?1",
      job_columns(), resumable_condition());
  static const std::string postgres =
      fmt::format("SELECT {} FROM jobs WHERE {} ORDER BY id DESC LIMIT $1", job_columns(),
                  resumable_condition());
  return dialect == SqlDialect::sqlite ? sqlite : postgres;
}

const std::string& running_on_node_sql(SqlDialect dialect) {
  // The running jobs are few (jobs_by_state); each one's attempts by key.
  static const InBothDialects sql(fmt::format(
      "SELECT {} FROM jobs WHERE state = 'running' AND EXISTS (SELECT 1 FROM attempts WHERE "
      "attempts.job_id = jobs.id AND attempts.node = ?1 AND attempts.ended_at IS NULL) "
      "ORDER BY id",
      job_columns()));
  return sql.in(dialect);
}

const std::string& attempts_ended_elsewhere_sql(SqlDialect dialect) {
  static const InBothDialects sql(fmt::format(
      "SELECT {} FROM attempts WHERE node = ?1 AND ended_at >= ?2 AND exit_code IS NULL AND "
      "signal IS NULL ORDER BY job_id, n",
      attempt_columns()));
  return sql.in(dialect);
}

const std::string& keep_boundary_sql(SqlDialect dialect) {
  static const InBothDialects sql(fmt::format(
      "SELECT id FROM ({}) AS finished ORDER BY id DESC LIMIT 1 OFFSET ?1 - 1",
      arms_by_state({kFinishedStates.begin(), kFinishedStates.end()}, "", "id DESC", "?1")));
  return sql.in(dialect);
}

const std::string& expired_jobs_sql(SqlDialect dialect) {
  static const InBothDialects sql(
      fmt::format("SELECT id FROM ({}) AS expired LIMIT ?3",
                  arms_by_state({kFinishedStates.begin(), kFinishedStates.end()},
                                " AND finished_at < ?1 AND id < ?2", "finished_at", "?3")));
  return sql.in(dialect);
}

const std::string& job_by_id_sql(SqlDialect dialect) {
  static const InBothDialects sql(fmt::format("SELECT {} FROM jobs WHERE id = ?1", job_columns()));
  return sql.in(dialect);
}

const std::string& attempts_of_jobs_sql(SqlDialect dialect) {
  // One query for a whole page: the ids travel as one parameter.
  static const std::string sqlite = fmt::format(
      "SELECT {} FROM attempts WHERE job_id IN (SELECT value FROM json_each(?1)) "
      "ORDER BY job_id, n",
      attempt_columns());
  static const std::string postgres =
      fmt::format("SELECT {} FROM attempts WHERE job_id = ANY($1::bigint[]) ORDER BY job_id, n",
                  attempt_columns());
  return dialect == SqlDialect::sqlite ? sqlite : postgres;
}

const std::string& history_of_job_sql(SqlDialect dialect) {
  static const InBothDialects sql(
      fmt::format("SELECT {} FROM history WHERE job_id = ?1 ORDER BY seq", transition_columns()));
  return sql.in(dialect);
}

std::string id_list_parameter(const std::vector<JobId>& ids, SqlDialect dialect) {
  std::string list = fmt::format("{}", fmt::join(ids, ","));
  return dialect == SqlDialect::sqlite ? "[" + list + "]" : "{" + list + "}";
}

std::vector<NamedQuery> hot_path_queries(SqlDialect dialect) {
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
      {"ls: every job", list_jobs_sql(filter({}, {}, {}, {}), dialect)},
      {"ls: active jobs (the UI's first page)",
       list_jobs_sql(filter(unfinished, {}, {}, {}), dialect)},
      {"ls: last finished", list_jobs_sql(filter(finished, {}, {}, {}), dialect)},
      {"ls: last finished without phases (History)",
       list_jobs_sql(filter(finished, {}, {}, 100, true), dialect)},
      {"ls: next page of one state",
       list_jobs_sql(filter({JobState::failed}, {}, {}, 100), dialect)},
      {"ls --type", list_jobs_sql(filter(unfinished, "shell", {}, {}), dialect)},
      {"ls --type, next page", list_jobs_sql(filter({}, "shell", {}, 100), dialect)},
      {"list by key", list_jobs_sql(filter({}, {}, "k", {}), dialect)},
      {"list by type and key", list_jobs_sql(filter(unfinished, "shell", "k", 100), dialect)},
      {"dedupe: newest by key", newest_by_key_sql(dialect)},
      {"submit: resumable by key", resumable_by_key_sql(dialect)},
      {"interrupted jobs", list_resumable_sql(dialect)},
      {"running on a lost node", running_on_node_sql(dialect)},
      {"retention: keep boundary", keep_boundary_sql(dialect)},
      {"retention: expired jobs", expired_jobs_sql(dialect)},
      {"job by id", job_by_id_sql(dialect)},
      {"attempts of a page", attempts_of_jobs_sql(dialect)},
      {"history of a job", history_of_job_sql(dialect)},
  };
}

}  // namespace drover
