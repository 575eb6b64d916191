#include "sched/commit_thread.h"

#include <condition_variable>
#include <mutex>
#include <optional>

#include <boost/asio/post.hpp>

namespace drover {

// What the two threads share, under `mutex`.
struct CommitThread::Shared {
  std::mutex mutex;
  std::condition_variable changed;
  const WriteBatch* batch = nullptr;  // a commit to make
  Durability durability = Durability::full;
  std::optional<Status> result;  // of the commit just made, not delivered yet
  bool stop = false;
  bool owner_gone = false;  // completions still queued on the loop do nothing
};

CommitThread::CommitThread(boost::asio::io_context& io, std::unique_ptr<Store> store)
    : m_io(io), m_store(std::move(store)), m_shared(std::make_shared<Shared>()) {
  // One batch at a time: commit it, hand its result back, post its completion.
  m_thread = std::thread([this, shared = m_shared] {
    std::unique_lock lock(shared->mutex);
    while (true) {
      shared->changed.wait(lock, [&] { return shared->stop || shared->batch != nullptr; });
      if (shared->batch == nullptr) return;  // stopped with nothing to write
      const WriteBatch* batch = shared->batch;
      Durability durability = shared->durability;
      lock.unlock();
      Status status = m_store->commit(*batch, durability);
      lock.lock();
      shared->batch = nullptr;
      shared->result = std::move(status);
      shared->changed.notify_all();
      boost::asio::post(m_io, [this, shared] {
        if (!shared->owner_gone) deliver();
      });
    }
  });
}

CommitThread::~CommitThread() {
  {
    std::lock_guard lock(m_shared->mutex);
    m_shared->stop = true;
    m_shared->owner_gone = true;
  }
  m_shared->changed.notify_all();
  m_thread.join();
}

void CommitThread::commit(const WriteBatch& batch, Durability durability, Done done) {
  m_busy = true;
  m_done = std::move(done);
  m_work.emplace(m_io.get_executor());
  {
    std::lock_guard lock(m_shared->mutex);
    m_shared->batch = &batch;
    m_shared->durability = durability;
  }
  m_shared->changed.notify_all();
}

void CommitThread::wait() {
  if (!m_busy) return;
  {
    std::unique_lock lock(m_shared->mutex);
    m_shared->changed.wait(lock, [&] { return m_shared->result.has_value(); });
  }
  deliver();
}

Status CommitThread::commit_here(const WriteBatch& batch, Durability durability) {
  // The thread is idle (waiting for a batch): the store is ours meanwhile.
  std::lock_guard lock(m_shared->mutex);
  return m_store->commit(batch, durability);
}

// Runs once per commit, from the posted completion or from wait(),
// whichever comes first.
void CommitThread::deliver() {
  std::optional<Status> result;
  {
    std::lock_guard lock(m_shared->mutex);
    result.swap(m_shared->result);
  }
  if (!result) return;
  m_busy = false;
  m_work.reset();
  Done done = std::move(m_done);
  done(std::move(*result));
}

}  // namespace drover
