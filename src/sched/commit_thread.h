// CommitThread: writes store batches on a thread of its own, through a
// connection of its own, so that the event loop goes on (reads, answers,
// /healthz, the next turn's writes) while a batch is written and fsynced.
//
// One commit at a time. The batch is borrowed, read-only, until the commit
// is done; its result comes back on the io_context's thread through `done`,
// or at once through wait() (start-up, shutdown).
//
// Thread-safety: every member function is called on the io_context's thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "store/store.h"

namespace drover {

class CommitThread {
 public:
  using Done = std::function<void(Status)>;

  CommitThread(boost::asio::io_context& io, std::unique_ptr<Store> store);
  // Finishes the commit in flight; its `done` is not run.
  ~CommitThread();
  CommitThread(const CommitThread&) = delete;
  CommitThread& operator=(const CommitThread&) = delete;

  // Starts writing `batch`, which must not change until `done` runs. Only
  // when not busy().
  void commit(const WriteBatch& batch, Durability durability, Done done);
  bool busy() const { return m_busy; }
  // Blocks until the commit in flight is done, and runs its `done` here.
  void wait();
  // Commits on the calling thread; only when not busy().
  Status commit_here(const WriteBatch& batch, Durability durability);

 private:
  struct Shared;
  void deliver();

  boost::asio::io_context& m_io;
  std::unique_ptr<Store> m_store;
  std::shared_ptr<Shared> m_shared;  // also held by posted completions
  Done m_done;
  bool m_busy = false;
  // The loop does not run dry while a completion is still to come.
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> m_work;
  std::thread m_thread;
};

}  // namespace drover
