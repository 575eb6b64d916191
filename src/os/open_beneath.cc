#include "os/open_beneath.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "os/system_error.h"

namespace drover {
namespace {

// The components of a relative path, "." and empty ones dropped.
Result<std::vector<std::string_view>> split_relative(std::string_view relative) {
  if (relative.starts_with('/')) {
    return make_error(ErrorCode::invalid, "\"{}\" must be a relative path", relative);
  }
  std::vector<std::string_view> parts;
  while (!relative.empty()) {
    std::size_t slash = relative.find('/');
    std::string_view part = relative.substr(0, slash);
    relative.remove_prefix(slash == std::string_view::npos ? relative.size() : slash + 1);
    if (part == "..") {
      return make_error(ErrorCode::invalid, "\"..\" may not appear in a path below a job's folder");
    }
    if (!part.empty() && part != ".") parts.push_back(part);
  }
  if (parts.empty()) return make_error(ErrorCode::invalid, "the path is empty");
  return parts;
}

Error link_error(std::string_view prefix) {
  return make_error(ErrorCode::conflict,
                    "{} is a symbolic link; drover does not follow links a job made", prefix);
}

bool is_link(int dir_fd, const std::string& name) {
  struct stat status {};
  return ::fstatat(dir_fd, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) == 0 &&
         S_ISLNK(status.st_mode);
}

// Why opening `relative` failed with `err`: names the first link on the way.
Error open_error(int dir_fd, std::string_view relative, int err) {
  if (err == ELOOP || err == ENOTDIR || err == EXDEV) {
    auto parts = split_relative(relative);
    std::string prefix;
    for (std::string_view part : parts ? *parts : std::vector<std::string_view>{}) {
      prefix += prefix.empty() ? "" : "/";
      prefix += part;
      if (is_link(dir_fd, prefix)) return link_error(prefix);
    }
  }
  return system_error(fmt::format("cannot open {}", relative), err);
}

int retry_eintr(auto open) {
  int fd;
  do {
    fd = open();
  } while (fd < 0 && errno == EINTR);
  return fd;
}

}  // namespace

Result<UniqueFd> open_beneath(int dir_fd, std::string_view relative, int flags) {
  DROVER_TRY(parts, split_relative(relative));
  std::string path(relative);
  open_how how{};
  how.flags = static_cast<std::uint64_t>(flags | O_CLOEXEC | O_NOFOLLOW);
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  int fd = retry_eintr([&] {
    return static_cast<int>(::syscall(SYS_openat2, dir_fd, path.c_str(), &how, sizeof how));
  });
  if (fd >= 0) return UniqueFd(fd);
  if (errno == ENOSYS || errno == EPERM) return open_beneath_by_components(dir_fd, relative, flags);
  return open_error(dir_fd, relative, errno);
}

Result<UniqueFd> open_beneath_by_components(int dir_fd, std::string_view relative, int flags) {
  DROVER_TRY(parts, split_relative(relative));
  UniqueFd current;
  int at = dir_fd;
  for (std::size_t i = 0; i < parts->size(); ++i) {
    bool last = i + 1 == parts->size();
    std::string name((*parts)[i]);
    int part_flags = (last ? flags : O_RDONLY | O_DIRECTORY) | O_CLOEXEC | O_NOFOLLOW;
    int fd = retry_eintr([&] { return ::openat(at, name.c_str(), part_flags, 0); });
    if (fd < 0) {
      int err = errno;
      if ((err == ELOOP || err == ENOTDIR) && is_link(at, name)) {
        std::string prefix;
        for (std::size_t j = 0; j <= i; ++j) prefix += (j ? "/" : "") + std::string((*parts)[j]);
        return link_error(prefix);
      }
      return system_error(fmt::format("cannot open {}", relative), err);
    }
    current.reset(fd);
    at = current.get();
  }
  return current;
}

}  // namespace drover
