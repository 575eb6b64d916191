#include "sched/group_commit.h"

#include <algorithm>
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

GroupCommit::GroupCommit(boost::asio::io_context& io, Store& store)
    : m_io(io), m_store(store), m_retry(io) {}

void GroupCommit::request(Durability durability, std::function<void(Status)> done) {
  if (durability == Durability::full) m_durability = Durability::full;
  if (done) m_waiters.push_back(std::move(done));
  // While commits fail the retry timer paces them, not every turn's writes.
  if (m_posted || m_failure) return;
  m_posted = true;
  boost::asio::post(m_io, [this] { (void)commit(Answer::next_turn); });
}

Status GroupCommit::flush() { return commit(Answer::now); }

// Answers in the next turn when posted: a big commit and the serialisation
// of its answers then take two turns, and requests waiting between them
// (a /healthz) are served in between.
void GroupCommit::answer(Answer when, Status status) {
  std::vector<std::function<void(Status)>> waiters;
  waiters.swap(m_waiters);
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
  if (m_batch.empty() && !m_failure) {
    answer(Answer::now, Status{});
    return {};
  }
  Status status = m_batch.empty() ? Status{} : m_store.commit(m_batch, m_durability);
  if (!status) {
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
  if (when == Answer::next_turn) answer(when, status);
  if (m_observer) m_observer(m_batch);
  if (when == Answer::now) answer(when, status);
  m_batch.clear();
  m_durability = Durability::relaxed;
  return status;
}

Status GroupCommit::check_stored() const {
  if (!m_failure) return {};
  return make_error(ErrorCode::unavailable,
                    "the store cannot be written ({}); changes are kept and retried, and answers "
                    "resume once they are stored: free space or fix the state dir's disk",
                    *m_failure);
}

void GroupCommit::on_failure(const Error& error) {
  if (!m_failure)
    spdlog::error("store commit failed, retrying until it succeeds: {}", error.message);
  m_failure = error.message;
  // Kept for the retry: the changes are already in memory and true.
  m_durability = Durability::full;
  compact_batch(m_batch);
  schedule_retry();
}

void GroupCommit::schedule_retry() {
  m_retry_delay = m_retry_delay.count() == 0 ? kFirstRetry : std::min(m_retry_delay * 2, kMaxRetry);
  m_retry.expires_after(m_retry_delay);
  m_retry.async_wait([this](const boost::system::error_code& error) {
    if (error || !m_failure) return;
    (void)flush();
  });
}

}  // namespace drover
