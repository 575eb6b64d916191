// Removes folders without making the caller wait. Removing a job's folder
// costs the file system more than it looks (an ext4 mounted with `discard`
// trims every freed block before rmdir returns): retention of a thousand
// jobs held the event loop for a second. So a thread of its own removes
// them. A folder that may be created again is first renamed into a trash
// folder beside it (one rename; it is gone from its place at once); what a
// crash leaves in the trash is removed by the next reaper on the state dir.
//
// Thread-safety: remove() may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

namespace drover {

class FolderReaper {
 public:
  // `trash` is created when missing; it must be on the file system of the
  // folders given to remove() (the state dir), or they are removed in place.
  explicit FolderReaper(std::filesystem::path trash);
  ~FolderReaper();
  FolderReaper(const FolderReaper&) = delete;
  FolderReaper& operator=(const FolderReaper&) = delete;

  // Takes `folder` away now (nothing when it does not exist); its contents
  // are removed later on the reaper's thread. For a folder whose owner may
  // create it again (a job's work folder): the new one never meets the old.
  void remove(const std::filesystem::path& folder);

  // Removes `folder` on the reaper's thread, in place: nothing of the
  // caller's time, not even a rename. For a folder nothing will use again
  // (a deleted job's), removed by the thousand.
  void remove_later(std::filesystem::path folder);

  // Blocks until everything given so far is removed (for tests).
  void drain();

 private:
  void run();
  void enqueue(std::string path);

  std::filesystem::path m_trash;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_idle;
  // Text, not std::filesystem::path, which keeps a parsed copy of every
  // component: retention of a million jobs queues a million folders.
  std::deque<std::string> m_queue;
  std::uint64_t m_renamed = 0;
  bool m_busy = false;
  bool m_stop = false;
  std::thread m_thread;
};

}  // namespace drover
