#include "os/fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "os/system_error.h"

namespace drover {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

int UniqueFd::release() {
  int fd = m_fd;
  m_fd = -1;
  return fd;
}

void UniqueFd::reset(int fd) {
  // close(2) must not be retried on EINTR on Linux: the descriptor is gone.
  if (m_fd >= 0) ::close(m_fd);
  m_fd = fd;
}

Result<Pipe> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return system_error("cannot create a pipe", errno);
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

Result<UniqueFd> open_file(const std::filesystem::path& path, int flags, int mode) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return system_error(fmt::format("cannot open {}", path.string()), errno);
  return UniqueFd(fd);
}

Status rewrite_fd(int fd, std::string_view data) {
  if (::ftruncate(fd, 0) != 0 || ::lseek(fd, 0, SEEK_SET) != 0) {
    return system_error("cannot rewrite a file", errno);
  }
  return write_all(fd, data);
}

Status set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
    return system_error("cannot make a descriptor non-blocking", errno);
  }
  return {};
}

Status write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return system_error("cannot write", errno);
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

Result<ReadOutcome> read_some(int fd, std::span<char> buffer) {
  for (;;) {
    ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got > 0) return ReadOutcome{static_cast<std::size_t>(got), false, false};
    if (got == 0) return ReadOutcome{0, true, false};
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return ReadOutcome{0, false, true};
    return system_error("cannot read", errno);
  }
}

Result<ReadOutcome> read_some_at(int fd, std::uint64_t offset, std::span<char> buffer) {
  for (;;) {
    ssize_t got = ::pread(fd, buffer.data(), buffer.size(), static_cast<off_t>(offset));
    if (got > 0) return ReadOutcome{static_cast<std::size_t>(got), false, false};
    if (got == 0) return ReadOutcome{0, true, false};
    if (errno == EINTR) continue;
    return system_error("cannot read", errno);
  }
}

Result<std::string> read_file(const std::filesystem::path& path) {
  DROVER_TRY(fd, open_file(path, O_RDONLY));
  std::string content;
  char buffer[16384];
  for (;;) {
    auto outcome = read_some(fd->get(), buffer);
    if (!outcome)
      return make_error(outcome.error().code, "cannot read {}: {}", path.string(),
                        outcome.error().message);
    if (outcome->end_of_file) return content;
    content.append(buffer, outcome->bytes);
  }
}

Status sync_fd(int fd, std::string_view name) {
  if (::fsync(fd) != 0) return system_error(fmt::format("cannot fsync {}", name), errno);
  return {};
}

Result<FileStatus> stat_fd(int fd) {
  struct stat status {};
  if (::fstat(fd, &status) != 0) return system_error("cannot stat an open file", errno);
  return FileStatus{S_ISREG(status.st_mode), S_ISDIR(status.st_mode),
                    static_cast<std::uint64_t>(status.st_size)};
}

}  // namespace drover
