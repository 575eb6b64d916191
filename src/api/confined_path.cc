#include "api/confined_path.h"

#include <fcntl.h>

#include "os/open_beneath.h"

namespace drover {
namespace {

Status check_relative(std::string_view relative) {
  if (relative.empty()) return make_error(ErrorCode::invalid, "the file path is empty");
  if (relative.find('\0') != std::string_view::npos) {
    return make_error(ErrorCode::invalid, "the file path contains a NUL byte");
  }
  if (relative.front() == '/') {
    return make_error(ErrorCode::invalid,
                      "the file path must be relative to the job's artifacts folder, got \"{}\"",
                      relative);
  }
  for (const auto& part : std::filesystem::path(relative)) {
    if (part == "..") {
      return make_error(ErrorCode::invalid,
                        "the file path may not contain \"..\"; name a file inside the folder");
    }
  }
  return {};
}

// The error of open_beneath, in the words of the folder's user: the path
// as the client gave it, without the job's number in front.
Error for_client(Error error, const ConfinedRoot& root) {
  std::string prefix = root.below.substr(0, root.below.find('/') + 1);
  if (error.message.starts_with(prefix)) error.message.erase(0, prefix.size());
  return error;
}

}  // namespace

ConfinedRoot ConfinedRoot::of(const std::filesystem::path& folder) {
  std::filesystem::path job = folder.parent_path();
  return {job.parent_path(), (job.filename() / folder.filename()).string()};
}

Result<UniqueFd> ConfinedRoot::open() const {
  DROVER_TRY(base_fd, open_file(base, O_RDONLY | O_DIRECTORY));
  auto folder = open_beneath(base_fd->get(), below, O_RDONLY | O_DIRECTORY);
  if (!folder) return for_client(folder.error(), *this);
  return folder;
}

Result<UniqueFd> open_confined(const ConfinedRoot& root, std::string_view relative) {
  DROVER_RETURN_IF_ERROR(check_relative(relative));
  DROVER_TRY(base_fd, open_file(root.base, O_RDONLY | O_DIRECTORY));
  // Non-blocking: a pipe planted as an artifact must not hang the daemon.
  auto file =
      open_beneath(base_fd->get(), root.below + "/" + std::string(relative), O_RDONLY | O_NONBLOCK);
  if (!file && file.error().code == ErrorCode::not_found) {
    return make_error(ErrorCode::not_found, "no file \"{}\" in the artifacts folder", relative);
  }
  if (!file) return for_client(file.error(), root);
  DROVER_TRY(status, stat_fd(file->get()));
  if (!status->regular) {
    return make_error(ErrorCode::not_found, "\"{}\" is not a regular file; only files are served",
                      relative);
  }
  return file;
}

}  // namespace drover
