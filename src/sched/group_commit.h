// GroupCommit: gathers the store writes of one turn of the event loop into a
// single transaction, so that one fsync covers every job changed in that
// turn. Callers stage writes, then either wait for the commit (a client's
// answer is sent only once its change is on disk) or not (progress).
//
// A failed commit (a full disk, an I/O error) is kept, not dropped: memory
// already holds its changes, and dropping them would leave memory claiming
// states the store lacks. The batch is retried with backoff (later writes
// join it) until it succeeds; meanwhile the waiters are held, so no client
// is told of a change that is not on disk, and check_stored() refuses
// answers read from memory. Retrying rather than reloading the jobs from
// the store: the changes are true (an exit that happened, a job accepted)
// and reloading would lose them for good.
//
// With a second connection (the daemon), commits run on a CommitThread: the
// loop stages the next batch while one is written, and that batch goes as
// soon as the one before is stored. Until a row is stored, unstored_job()
// and the other lookups show it over the store's older row.
//
// Thread-safety: used only on the io_context's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "sched/commit_thread.h"
#include "sched/pending_rows.h"
#include "store/store.h"

namespace drover {

class GroupCommit {
 public:
  // `writer`: a second connection to the store, for commits on a thread of
  // their own; without one, commits run on the loop's thread.
  GroupCommit(boost::asio::io_context& io, Store& store, std::unique_ptr<Store> writer = nullptr);
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // The batch of the current turn; write into it, then call request(). Job
  // rows and deletes go through stage_job() and stage_delete().
  WriteBatch& batch() { return m_staged.batch; }
  void stage_job(Job row);
  void stage_delete(JobId id);

  // Asks for a commit at the end of this turn; full durability wins over
  // relaxed for the whole batch. `done` runs after the commit with its
  // status, once the batch is stored (held while commits fail).
  void request(Durability durability, std::function<void(Status)> done = nullptr);

  // Commits now, after the commit in flight (used at start-up and shutdown).
  // A failure is returned and the batch kept for the retry.
  Status flush();

  // ok while everything staged before the last turn is stored; otherwise
  // the error that keeps it out (unavailable), for answers that would show
  // changes the store lacks.
  Status check_stored() const;

  // Runs after every successful commit with the batch just stored, before
  // the waiters: what watchers of the store (the live event feed) publish.
  void on_committed(std::function<void(const WriteBatch&)> observer) {
    m_observer = std::move(observer);
  }

  // The newest row of a job that the store does not show yet (staged, or in
  // a commit in flight), or nullptr.
  const Job* unstored_job(JobId id) const;
  // Whether the job is deleted by a batch not stored yet.
  bool unstored_delete(JobId id) const;
  // Brings a job read from the store up to what is staged or in flight for
  // it: its row, its attempts and its history, as they will be stored.
  void overlay_unstored(Job& job) const;
  // The newest job of `type` and `key` whose row is not stored yet.
  std::optional<JobId> unstored_with_key(const std::string& type, const std::string& key) const;

  std::uint64_t commits() const { return m_commits; }

 private:
  enum class Answer { now, next_turn };
  using Waiters = std::vector<std::function<void(Status)>>;

  // A batch with what waits for it.
  struct Pending {
    WriteBatch batch;
    PendingRows rows;
    Durability durability = Durability::relaxed;
    Waiters waiters;
  };

  Status commit(Answer when);
  Status finish(Status status, Answer when);
  void answer(Answer when, Status status, Waiters waiters);
  void merge_back(Pending failed);
  void on_failure(const Error& error);
  void schedule_retry();

  boost::asio::io_context& m_io;
  Store& m_store;
  std::unique_ptr<CommitThread> m_writer;
  Pending m_staged;
  std::optional<Pending> m_in_flight;  // borrowed by the writer until finish()
  std::function<void(const WriteBatch&)> m_observer;
  bool m_posted = false;
  std::uint64_t m_commits = 0;
  std::optional<std::string> m_failure;  // why the kept batch is not stored yet
  std::chrono::milliseconds m_retry_delay{0};
  boost::asio::steady_timer m_retry;
};

// Keeps the newest row of each job and attempt in `batch` (rows are whole,
// so the newest says all), in the order of their last write: a batch kept
// across failed commits does not grow with every progress event.
void compact_batch(WriteBatch& batch);

}  // namespace drover
