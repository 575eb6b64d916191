#include "sched/group_commit.h"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace drover {

GroupCommit::GroupCommit(boost::asio::io_context& io, Store& store) : m_io(io), m_store(store) {}

void GroupCommit::request(Durability durability, std::function<void(Status)> done) {
  if (durability == Durability::full) m_durability = Durability::full;
  if (done) m_waiters.push_back(std::move(done));
  if (m_posted) return;
  m_posted = true;
  boost::asio::post(m_io, [this] { (void)flush(); });
}

Status GroupCommit::flush() {
  m_posted = false;
  std::vector<std::function<void(Status)>> waiters;
  waiters.swap(m_waiters);
  Status status;
  if (!m_batch.empty()) {
    status = m_store.commit(m_batch, m_durability);
    m_commits++;
    if (!status) spdlog::error("store commit failed: {}", status.error().message);
    if (status && m_observer) m_observer(m_batch);
  }
  // A failed batch is not retried: its waiters are told (a submit answers
  // with the error), and the log says so loudly.
  m_batch.clear();
  m_durability = Durability::relaxed;
  for (auto& waiter : waiters) waiter(status);
  return status;
}

}  // namespace drover
