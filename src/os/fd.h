// File descriptors: an owning RAII wrapper and the few calls every layer
// above needs. Every descriptor drover opens is O_CLOEXEC, so nothing leaks
// into a job or a shim by accident; spawn_process hands over only the
// descriptors it is told to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace drover {

// Owns one file descriptor and closes it when destroyed. Move-only.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : m_fd(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : m_fd(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return m_fd; }
  bool valid() const { return m_fd >= 0; }
  explicit operator bool() const { return valid(); }
  // Gives up ownership without closing.
  int release();
  // Closes the current descriptor (if any) and owns `fd` instead.
  void reset(int fd = -1);

 private:
  int m_fd = -1;
};

struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

// A pipe with both ends close-on-exec.
Result<Pipe> make_pipe();

// open(2) with O_CLOEXEC added; `mode` is used when O_CREAT is given.
Result<UniqueFd> open_file(const std::filesystem::path& path, int flags, int mode = 0644);

Status set_nonblocking(int fd);

// Writes all of `data`, retrying short writes and EINTR.
Status write_all(int fd, std::string_view data);

// Replaces the whole content of the open file `fd` with `data`.
Status rewrite_fd(int fd, std::string_view data);

// The outcome of one read(2) on a possibly non-blocking descriptor.
struct ReadOutcome {
  std::size_t bytes = 0;
  bool end_of_file = false;
  bool would_block = false;
};
Result<ReadOutcome> read_some(int fd, std::span<char> buffer);
// pread(2): reads at `offset` without moving the file position.
Result<ReadOutcome> read_some_at(int fd, std::uint64_t offset, std::span<char> buffer);

// Reads a whole (small) file; not_found when it does not exist.
Result<std::string> read_file(const std::filesystem::path& path);

// What fstat(2) tells about an open file.
struct FileStatus {
  bool regular = false;
  bool directory = false;
  std::uint64_t size = 0;
};
Result<FileStatus> stat_fd(int fd);

// fsync(2), naming the file in the error.
Status sync_fd(int fd, std::string_view name);

}  // namespace drover
