#include "api/confined_path.h"

#include <algorithm>

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

// True when `path` is `root` or lies below it (both already canonical).
bool is_within(const std::filesystem::path& root, const std::filesystem::path& path) {
  auto [root_end, path_end] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

}  // namespace

Result<std::filesystem::path> resolve_confined(const std::filesystem::path& root,
                                               std::string_view relative) {
  if (auto status = check_relative(relative); !status) return status.error();
  std::error_code ec;
  std::filesystem::path real_root = std::filesystem::canonical(root, ec);
  std::filesystem::path real = ec ? real_root : std::filesystem::canonical(root / relative, ec);
  if (ec || !is_within(real_root, real) || !std::filesystem::is_regular_file(real, ec)) {
    return make_error(ErrorCode::not_found, "no file \"{}\" in the artifacts folder", relative);
  }
  return real;
}

}  // namespace drover
