#include "daemon/token_file.h"

#include <fcntl.h>

#include <algorithm>
#include <cctype>
#include <fstream>

#include <fmt/format.h>

#include "api/auth.h"
#include "os/fd.h"

namespace drover {
namespace {

namespace fs = std::filesystem;

// RFC 6750's b64token: what fits in "Authorization: Bearer ..." as is.
bool is_token_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("-._~+/=").find(c) != std::string_view::npos;
}

// Written under a temporary name created 0600 and renamed over the old file,
// so the token is never readable by others, not even for a moment.
Status write_token(const fs::path& path, const std::string& token) {
  fs::path temporary = path;
  temporary += ".new";
  std::error_code ignored;
  fs::remove(temporary, ignored);  // left by a start that crashed here
  DROVER_TRY(file, open_file(temporary, O_WRONLY | O_CREAT | O_EXCL, 0600));
  DROVER_RETURN_IF_ERROR(write_all(file->get(), token + "\n"));
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    return make_error(ErrorCode::io,
                      "cannot put the API token in place at {}: {}; check that "
                      "the state dir is writable by this user",
                      path.string(), error.message());
  }
  return {};
}

}  // namespace

std::optional<std::string> weak_token_reason(std::string_view token, fs::perms permissions) {
  constexpr fs::perms kOthers = fs::perms::group_all | fs::perms::others_all;
  if ((permissions & kOthers) != fs::perms::none) {
    return fmt::format("it was readable by other users (mode {:04o}, not 0600)",
                       static_cast<unsigned>(permissions & fs::perms::mask));
  }
  if (token.size() < kMinTokenLength) {
    return fmt::format("it was {} characters long, fewer than {}", token.size(), kMinTokenLength);
  }
  if (!std::all_of(token.begin(), token.end(), is_token_character)) {
    return std::string("it held characters a bearer token can't carry");
  }
  return std::nullopt;
}

Result<TokenFile> read_or_create_token(const fs::path& path) {
  TokenFile file;
  std::error_code error;
  fs::perms permissions = fs::status(path, error).permissions();
  if (!error && std::ifstream(path) >> file.token) {
    file.replaced_because = weak_token_reason(file.token, permissions);
    if (!file.replaced_because) return file;
  }
  file.token = generate_token();
  DROVER_RETURN_IF_ERROR(write_token(path, file.token));
  return file;
}

}  // namespace drover
