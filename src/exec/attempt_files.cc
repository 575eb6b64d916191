#include "exec/attempt_files.h"

#include "os/atomic_file.h"
#include "os/fd.h"

namespace drover {
namespace {

template <typename T>
Result<T> read_and_parse(const std::filesystem::path& path, Result<T> (*parse)(std::string_view)) {
  auto text = read_file(path);
  if (!text) return text.error();
  auto parsed = parse(*text);
  if (!parsed) return make_error(ErrorCode::io, "{}: {}", path.string(), parsed.error().message);
  return parsed;
}

}  // namespace

Result<ShimClaim> read_claim(const std::filesystem::path& attempt_dir) {
  return read_and_parse<ShimClaim>(attempt_dir / kClaimFile, parse_claim);
}

Result<ShimExit> read_exit(const std::filesystem::path& attempt_dir) {
  return read_and_parse<ShimExit>(attempt_dir / kExitFile, parse_exit);
}

Status abandon_attempt(const std::filesystem::path& attempt_dir, const std::string& token) {
  // The daemon may have died after storing the attempt and before making its
  // folder: then no shim exists, and the claim still goes in, for certainty.
  std::error_code ec;
  std::filesystem::create_directories(attempt_dir, ec);
  if (ec) {
    return make_error(ErrorCode::io, "cannot create {}: {}", attempt_dir.string(), ec.message());
  }
  ShimClaim claim;
  claim.token = token;
  claim.abandoned = true;
  return create_file_exclusively(attempt_dir / kClaimFile, format_claim(claim), FileSync::within_boot);
}

}  // namespace drover
