#include "os/directory.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "os/system_error.h"

namespace drover {
namespace {

DirectoryEntry::Kind kind_of_mode(mode_t mode) {
  if (S_ISREG(mode)) return DirectoryEntry::Kind::file;
  if (S_ISDIR(mode)) return DirectoryEntry::Kind::directory;
  if (S_ISLNK(mode)) return DirectoryEntry::Kind::link;
  return DirectoryEntry::Kind::other;
}

// From the entry's type, or (on file systems that do not fill it in) lstat.
DirectoryEntry::Kind kind_of(int dir_fd, const dirent& entry) {
  switch (entry.d_type) {
    case DT_REG:
      return DirectoryEntry::Kind::file;
    case DT_DIR:
      return DirectoryEntry::Kind::directory;
    case DT_LNK:
      return DirectoryEntry::Kind::link;
    case DT_UNKNOWN:
      break;
    default:
      return DirectoryEntry::Kind::other;
  }
  struct stat status {};
  if (::fstatat(dir_fd, entry.d_name, &status, AT_SYMLINK_NOFOLLOW) != 0) {
    return DirectoryEntry::Kind::other;
  }
  return kind_of_mode(status.st_mode);
}

struct CloseDir {
  void operator()(DIR* dir) const { ::closedir(dir); }
};

}  // namespace

Result<std::vector<DirectoryEntry>> read_directory(int dir_fd, std::size_t max_entries) {
  // fdopendir takes the descriptor over: give it a copy.
  int copy = ::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return system_error("cannot read a folder", errno);
  std::unique_ptr<DIR, CloseDir> dir(::fdopendir(copy));
  if (!dir) {
    int err = errno;
    ::close(copy);
    return system_error("cannot read a folder", err);
  }
  std::vector<DirectoryEntry> entries;
  while (entries.size() < max_entries) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) return system_error("cannot read a folder", errno);
      break;
    }
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    entries.push_back({std::string(name), kind_of(copy, *entry)});
  }
  return entries;
}

}  // namespace drover
