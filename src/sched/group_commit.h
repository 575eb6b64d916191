// GroupCommit: gathers the store writes of one turn of the event loop into a
// single transaction, so that one fsync covers every job changed in that
// turn. Callers stage writes, then either wait for the commit (a client's
// answer is sent only once its change is on disk) or not (progress).
//
// Thread-safety: used only on the io_context's thread.
#pragma once

#include <functional>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "store/store.h"

namespace drover {

class GroupCommit {
 public:
  GroupCommit(boost::asio::io_context& io, Store& store);

  // The batch of the current turn; write into it, then call request().
  WriteBatch& batch() { return m_batch; }

  // Asks for a commit at the end of this turn; full durability wins over
  // relaxed for the whole batch. `done` runs after the commit with its status.
  void request(Durability durability, std::function<void(Status)> done = nullptr);

  // Commits now (used at shutdown and before spawning processes).
  Status flush();

  // Runs after every successful commit with the batch just stored, before
  // the waiters: what watchers of the store (the live event feed) publish.
  void on_committed(std::function<void(const WriteBatch&)> observer) {
    m_observer = std::move(observer);
  }

  std::uint64_t commits() const { return m_commits; }

 private:
  boost::asio::io_context& m_io;
  Store& m_store;
  WriteBatch m_batch;
  Durability m_durability = Durability::relaxed;
  std::vector<std::function<void(Status)>> m_waiters;
  std::function<void(const WriteBatch&)> m_observer;
  bool m_posted = false;
  std::uint64_t m_commits = 0;
};

}  // namespace drover
