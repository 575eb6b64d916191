#include "sched/group_commit.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

namespace drover {
namespace {

constexpr std::chrono::milliseconds kFirstRetry{100};
constexpr std::chrono::milliseconds kMaxRetry{5000};

// Keeps the last element of each key, in the order of those last elements.
template <typename T, typename KeyOf>
void keep_last_of_each(std::vector<T>& rows, KeyOf key_of) {
  using Key = decltype(key_of(rows.front()));
  std::set<Key> seen;
  std::vector<T> kept;
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
    if (seen.insert(key_of(*row)).second) kept.push_back(std::move(*row));
  }
  std::reverse(kept.begin(), kept.end());
  rows = std::move(kept);
}

}  // namespace

void compact_batch(WriteBatch& batch) {
  if (!batch.jobs.empty()) keep_last_of_each(batch.jobs, [](const Job& job) { return job.id; });
  if (!batch.attempts.empty()) {
    keep_last_of_each(batch.attempts, [](const std::pair<JobId, Attempt>& row) {
      return std::pair<JobId, int>(row.first, row.second.n);
    });
  }
}

namespace {

// Applies what `batch` writes for `job` over it, as a commit of it would.
void overlay_batch(const WriteBatch& batch, const PendingRows& rows, Job& job) {
  if (const Job* row = rows.job(batch, job.id)) {
    Job newer = *row;
    newer.attempts = std::move(job.attempts);
    newer.history = std::move(job.history);
    job = std::move(newer);
  }
  for (const auto& [id, attempt] : batch.attempts) {
    if (id != job.id) continue;
    auto same = std::find_if(job.attempts.begin(), job.attempts.end(),
                             [n = attempt.n](const Attempt& stored) { return stored.n == n; });
    if (same != job.attempts.end()) {
      *same = attempt;
    } else {
      job.attempts.push_back(attempt);  // attempts are numbered in the order they start
    }
  }
  for (const auto& [id, transition] : batch.history) {
    if (id == job.id) job.history.push_back(transition);
  }
}

// Appends `later` to `earlier`, keeping the order in which they were staged.
void append_batch(WriteBatch& earlier, WriteBatch&& later) {
  auto append = [](auto& into, auto& from) {
    into.insert(into.end(), std::make_move_iterator(from.begin()),
                std::make_move_iterator(from.end()));
  };
  append(earlier.jobs, later.jobs);
  append(earlier.attempts, later.attempts);
  append(earlier.history, later.history);
  append(earlier.deleted_jobs, later.deleted_jobs);
  append(earlier.queue_pauses, later.queue_pauses);
  append(earlier.cache_puts, later.cache_puts);
  append(earlier.cache_deletes, later.cache_deletes);
  append(earlier.marks, later.marks);
  append(earlier.template_puts, later.template_puts);
  append(earlier.template_deletes, later.template_deletes);
}

}  // namespace

GroupCommit::GroupCommit(boost::asio::io_context& io, Store& store, std::unique_ptr<Store> writer)
    : m_io(io), m_store(store), m_retry(io) {
  if (writer) m_writer = std::make_unique<CommitThread>(io, std::move(writer));
}

// The thread first: it may still be writing the batch in flight.
GroupCommit::~GroupCommit() { m_writer.reset(); }

void GroupCommit::stage_job(Job row) {
  m_staged.batch.jobs.push_back(std::move(row));
  m_staged.rows.note_job(m_staged.batch);
}

void GroupCommit::stage_delete(JobId id) {
  m_staged.batch.deleted_jobs.push_back(id);
  m_staged.rows.note_delete(id);
}

void GroupCommit::request(Durability durability, std::function<void(Status)> done) {
  if (durability == Durability::full) m_staged.durability = Durability::full;
  if (done) m_staged.waiters.push_back(std::move(done));
  // While commits fail the retry timer paces them, not every turn's writes.
  if (m_posted || m_failure) return;
  m_posted = true;
  boost::asio::post(m_io, [this] { (void)commit(Answer::next_turn); });
}

Status GroupCommit::flush() {
  // Each commit in flight may start the next with what was staged meanwhile.
  while (m_writer && m_writer->busy()) m_writer->wait();
  return commit(Answer::now);
}

// Answers in the next turn when posted: a big commit and the serialisation
// of its answers then take two turns, and requests waiting between them
// (a /healthz) are served in between.
void GroupCommit::answer(Answer when, Status status, Waiters waiters) {
  if (waiters.empty()) return;
  if (when == Answer::now) {
    for (auto& waiter : waiters) waiter(status);
    return;
  }
  boost::asio::post(m_io, [waiters = std::move(waiters), status] {
    for (const auto& waiter : waiters) waiter(status);
  });
}

Status GroupCommit::commit(Answer when) {
  m_posted = false;
  // The commit in flight starts the next one when it is done.
  if (m_writer && m_writer->busy()) return {};
  if (m_staged.batch.empty() && !m_failure) {
    answer(Answer::now, Status{}, std::exchange(m_staged.waiters, {}));
    return {};
  }
  m_in_flight.emplace(std::exchange(m_staged, Pending{}));
  const Pending& pending = *m_in_flight;
  if (m_writer && when == Answer::next_turn) {
    m_writer->commit(pending.batch, pending.durability,
                     [this](Status status) { (void)finish(std::move(status), Answer::next_turn); });
    return {};
  }
  Status status = m_writer ? m_writer->commit_here(pending.batch, pending.durability)
                           : m_store.commit(pending.batch, pending.durability);
  return finish(std::move(status), when);
}

Status GroupCommit::finish(Status status, Answer when) {
  Pending done = std::move(*m_in_flight);
  m_in_flight.reset();
  if (!status) {
    merge_back(std::move(done));
    on_failure(status.error());
    return status;
  }
  m_commits++;
  if (m_failure) spdlog::info("store commit succeeded again; the kept changes are stored");
  m_failure.reset();
  m_retry_delay = std::chrono::milliseconds(0);
  m_retry.cancel();
  // The observer runs before the answers; posted answers are posted first,
  // so that what the observer posts (the engine letting stored queued jobs
  // leave memory) runs after them too.
  if (when == Answer::next_turn) answer(when, status, std::move(done.waiters));
  if (m_observer) m_observer(done.batch);
  if (when == Answer::now) answer(when, status, std::move(done.waiters));
  // What was staged meanwhile goes now, in one batch.
  if (m_writer && !m_posted && (!m_staged.batch.empty() || !m_staged.waiters.empty())) {
    (void)commit(Answer::next_turn);
  }
  return status;
}

const Job* GroupCommit::unstored_job(JobId id) const {
  if (const Job* staged = m_staged.rows.job(m_staged.batch, id)) return staged;
  return m_in_flight ? m_in_flight->rows.job(m_in_flight->batch, id) : nullptr;
}

void GroupCommit::overlay_unstored(Job& job) const {
  // The batch in flight was staged first.
  if (m_in_flight) overlay_batch(m_in_flight->batch, m_in_flight->rows, job);
  overlay_batch(m_staged.batch, m_staged.rows, job);
}

bool GroupCommit::unstored_delete(JobId id) const {
  return m_staged.rows.deleted(id) || (m_in_flight && m_in_flight->rows.deleted(id));
}

std::optional<JobId> GroupCommit::unstored_with_key(const std::string& type,
                                                    const std::string& key) const {
  std::optional<JobId> staged = m_staged.rows.newest_with_key(type, key);
  std::optional<JobId> in_flight =
      m_in_flight ? m_in_flight->rows.newest_with_key(type, key) : std::nullopt;
  if (staged && in_flight) return std::max(*staged, *in_flight);
  return staged ? staged : in_flight;
}

Status GroupCommit::check_stored() const {
  if (!m_failure) return {};
  return make_error(ErrorCode::unavailable,
                    "the store cannot be written ({}); changes are kept and retried, and answers "
                    "resume once they are stored: free space or fix the state dir's disk",
                    *m_failure);
}

// The failed batch goes first again, what was staged meanwhile after it:
// the store then sees every change in the order it happened.
void GroupCommit::merge_back(Pending failed) {
  append_batch(failed.batch, std::move(m_staged.batch));
  failed.waiters.insert(failed.waiters.end(), std::make_move_iterator(m_staged.waiters.begin()),
                        std::make_move_iterator(m_staged.waiters.end()));
  compact_batch(failed.batch);
  failed.rows.rebuild(failed.batch);
  // Kept for the retry: the changes are already in memory and true.
  failed.durability = Durability::full;
  m_staged = std::move(failed);
}

void GroupCommit::on_failure(const Error& error) {
  if (!m_failure)
    spdlog::error("store commit failed, retrying until it succeeds: {}", error.message);
  m_failure = error.message;
  schedule_retry();
}

void GroupCommit::schedule_retry() {
  m_retry_delay = m_retry_delay.count() == 0 ? kFirstRetry : std::min(m_retry_delay * 2, kMaxRetry);
  m_retry.expires_after(m_retry_delay);
  m_retry.async_wait([this](const boost::system::error_code& error) {
    if (error || !m_failure) return;
    (void)commit(Answer::next_turn);
  });
}

}  // namespace drover
