#include "os/folder_reaper.h"

#include <unistd.h>

#include <string>

namespace drover {

FolderReaper::FolderReaper(std::filesystem::path trash) : m_trash(std::move(trash)) {
  std::error_code error;
  std::filesystem::create_directories(m_trash, error);
  // What an earlier process left half removed.
  for (const auto& entry : std::filesystem::directory_iterator(m_trash, error)) {
    m_queue.push_back(entry.path().string());
  }
  m_thread = std::thread([this] { run(); });
}

FolderReaper::~FolderReaper() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;  // what is left stays in the trash for the next reaper
  }
  m_wake.notify_one();
  m_thread.join();
}

void FolderReaper::remove(const std::filesystem::path& folder) {
  std::filesystem::path target;
  {
    std::lock_guard lock(m_mutex);
    // Unique within this process; the pid keeps two processes' names apart.
    target = m_trash / (std::to_string(::getpid()) + "-" + std::to_string(++m_renamed) + "-" +
                        folder.filename().string());
  }
  std::error_code error;
  std::filesystem::rename(folder, target, error);
  if (error == std::errc::no_such_file_or_directory) return;
  enqueue(error ? folder.string() : target.string());
}

void FolderReaper::remove_later(std::filesystem::path folder) { enqueue(folder.string()); }

void FolderReaper::enqueue(std::string path) {
  {
    std::lock_guard lock(m_mutex);
    m_queue.push_back(std::move(path));
  }
  m_wake.notify_one();
}

void FolderReaper::drain() {
  std::unique_lock lock(m_mutex);
  m_idle.wait(lock, [this] { return m_queue.empty() && !m_busy; });
}

void FolderReaper::run() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
    if (m_stop) return;
    std::filesystem::path next(std::move(m_queue.front()));
    m_queue.pop_front();
    m_busy = true;
    lock.unlock();
    std::error_code ignored;
    std::filesystem::remove_all(next, ignored);
    lock.lock();
    m_busy = false;
    if (m_queue.empty()) m_idle.notify_all();
  }
}

}  // namespace drover
