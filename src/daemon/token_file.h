// The API token file, <state>/token: what TCP clients must present. A token
// anyone else can read, or one short enough to guess, protects nothing, so
// such a file is replaced with a new token (and the caller warns), rather
// than refused: the token is the daemon's to make, and a start that stops
// over it would only make people loosen the file by hand. Clients read the
// file again for each run (the CLI uses the unix socket and needs none).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace drover {

// Tokens must be at least this long (generate_token makes 64 hex digits).
inline constexpr std::size_t kMinTokenLength = 32;

struct TokenFile {
  std::string token;
  // Why the file there was replaced; nullopt when it was kept or created.
  std::optional<std::string> replaced_because;
};

// What makes `token`, kept in a file with `permissions`, unfit to use;
// nullopt when it is fine.
std::optional<std::string> weak_token_reason(std::string_view token,
                                             std::filesystem::perms permissions);

// The token in `path`; a new one (written mode 0600, atomically) when there
// is none or the one there is weak.
Result<TokenFile> read_or_create_token(const std::filesystem::path& path);

}  // namespace drover
