#include "os/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <optional>

#include "os/fd.h"
#include "os/system_error.h"

namespace drover {
namespace {

std::filesystem::path temporary_name_for(const std::filesystem::path& path) {
  static std::atomic<unsigned> counter{0};
  return path.string() + fmt::format(".tmp.{}.{}", ::getpid(), counter++);
}

std::filesystem::path directory_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

// Writes and fsyncs a new temporary file; returns its name.
Result<std::filesystem::path> write_temporary(const std::filesystem::path& path,
                                              std::string_view content, FileSync sync) {
  std::filesystem::path temporary = temporary_name_for(path);
  DROVER_TRY(fd, open_file(temporary, O_WRONLY | O_CREAT | O_EXCL, 0644));
  Status written = write_all(fd->get(), content);
  if (written && sync == FileSync::durable) written = sync_fd(fd->get(), temporary.string());
  if (!written) {
    ::unlink(temporary.c_str());
    return make_error(written.error().code, "cannot write {}: {}", path.string(),
                      written.error().message);
  }
  return temporary;
}

}  // namespace

Status sync_directory(const std::filesystem::path& directory) {
  DROVER_TRY(fd, open_file(directory, O_RDONLY | O_DIRECTORY));
  return sync_fd(fd->get(), directory.string());
}

Status write_file_atomically(const std::filesystem::path& path, std::string_view content,
                             FileSync sync) {
  DROVER_TRY(temporary, write_temporary(path, content, sync));
  if (::rename(temporary->c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(temporary->c_str());
    return system_error(fmt::format("cannot rename {} to {}", temporary->string(), path.string()),
                        err);
  }
  return sync == FileSync::durable ? sync_directory(directory_of(path)) : Status();
}

namespace {

// An unnamed file in `directory` holding `content`; nullopt when the file
// system has no O_TMPFILE (the caller then uses a temporary name).
std::optional<Result<UniqueFd>> write_unnamed(const std::filesystem::path& directory,
                                              std::string_view content, FileSync sync) {
  int fd = ::open(directory.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) return std::nullopt;
    return Result<UniqueFd>(
        system_error(fmt::format("cannot create a file in {}", directory.string()), errno));
  }
  UniqueFd file(fd);
  Status written = write_all(file.get(), content);
  if (written && sync == FileSync::durable) written = sync_fd(file.get(), directory.string());
  if (!written) return Result<UniqueFd>(written.error());
  return Result<UniqueFd>(std::move(file));
}

Status link_failure(const std::filesystem::path& path, int err) {
  if (err == EEXIST) return make_error(ErrorCode::conflict, "{} already exists", path.string());
  return system_error(fmt::format("cannot create {}", path.string()), err);
}

// Gives `path` to the file `content` went into, unless the name is taken.
Result<UniqueFd> create_exclusively(const std::filesystem::path& path, std::string_view content,
                                    FileSync sync) {
  auto unnamed = write_unnamed(directory_of(path), content, sync);
  if (unnamed && !*unnamed) return unnamed->error();
  if (unnamed) {
    std::string self = fmt::format("/proc/self/fd/{}", (*unnamed)->get());
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      return std::move(**unnamed);
    }
    if (errno != ENOENT) return link_failure(path, errno).error();  // ENOENT: no /proc
  }
  DROVER_TRY(temporary, write_temporary(path, content, sync));
  int linked = ::link(temporary->c_str(), path.c_str());
  int err = errno;
  ::unlink(temporary->c_str());
  if (linked != 0) return link_failure(path, err).error();
  return open_file(path, O_WRONLY | O_CLOEXEC);
}

}  // namespace

Status create_file_exclusively(const std::filesystem::path& path, std::string_view content,
                               FileSync sync) {
  DROVER_TRY(file, create_exclusively(path, content, sync));
  return sync == FileSync::durable ? sync_directory(directory_of(path)) : Status();
}

Result<UniqueFd> create_open_exclusively(const std::filesystem::path& path,
                                         std::string_view content) {
  return create_exclusively(path, content, FileSync::within_boot);
}

}  // namespace drover
