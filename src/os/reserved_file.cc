#include "os/reserved_file.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <fmt/format.h>

#include "os/system_error.h"

namespace drover {

Result<UniqueFd> reserve_file(const std::filesystem::path& path, std::size_t size) {
  DROVER_TRY(file, open_file(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  // Written, not only fallocate'd: on every file system the blocks are then
  // the file's own, and writing over them needs no new space.
  if (Status written = write_all(file->get(), std::string(size, ' ')); !written) {
    return make_error(written.error().code, "cannot reserve {} bytes for {}: {}", size,
                      path.string(), written.error().message);
  }
  return file;
}

Status write_reserved(int fd, std::size_t offset, std::size_t size, std::string_view record,
                      bool durable) {
  if (record.size() > size) {
    return make_error(ErrorCode::invalid, "a record of {} bytes does not fit in the {} reserved",
                      record.size(), size);
  }
  std::string padded(record);
  padded.resize(size, ' ');
  std::size_t done = 0;
  while (done < padded.size()) {
    ssize_t n =
        ::pwrite(fd, padded.data() + done, padded.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return system_error("cannot write the reserved record", errno);
    done += static_cast<std::size_t>(n);
  }
  if (durable && ::fdatasync(fd) != 0)
    return system_error("cannot sync the reserved record", errno);
  return {};
}

bool is_blank(std::string_view content) {
  return content.find_first_not_of(' ') == std::string_view::npos;
}

Result<std::uint64_t> available_bytes(const std::filesystem::path& path) {
  struct statvfs info {};
  if (::statvfs(path.c_str(), &info) != 0) {
    return system_error(fmt::format("cannot read the free space of {}", path.string()), errno);
  }
  return static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
}

}  // namespace drover
