#include "exec/attempt_files.h"

#include "os/atomic_file.h"
#include "os/fd.h"
#include "os/reserved_file.h"

namespace drover {
namespace {

template <typename T>
Result<T> read_and_parse(const std::filesystem::path& path, Result<T> (*parse)(std::string_view)) {
  DROVER_TRY(text, read_file(path));
  auto parsed = parse(*text);
  if (!parsed) return make_error(ErrorCode::io, "{}: {}", path.string(), parsed.error().message);
  return parsed;
}

}  // namespace

Result<ShimClaim> read_claim(const std::filesystem::path& attempt_dir) {
  return read_and_parse<ShimClaim>(attempt_dir / kClaimFile, parse_claim);
}

Result<ShimSpec> read_spec(const std::filesystem::path& attempt_dir) {
  return read_and_parse<ShimSpec>(attempt_dir / kSpecFile, parse_spec);
}

Result<ShimExit> read_exit(const std::filesystem::path& attempt_dir) {
  auto exit = read_and_parse<ShimExit>(attempt_dir / kExitFile, parse_exit);
  if (exit || exit.error().code != ErrorCode::not_found) return exit;
  // exit.json could not be written (a full disk): the shim wrote its record in place.
  auto record = read_file(attempt_dir / kExitRecordFile);
  if (!record || is_blank(*record)) return exit;
  auto parsed = parse_exit(*record);
  if (!parsed) {
    return make_error(ErrorCode::io, "{}: {}", (attempt_dir / kExitRecordFile).string(),
                      parsed.error().message);
  }
  return parsed;
}

bool has_exit(const std::filesystem::path& attempt_dir) {
  auto exit = read_exit(attempt_dir);
  return exit || exit.error().code != ErrorCode::not_found;
}

std::uint64_t output_log_size(const std::filesystem::path& attempt_dir) {
  std::error_code error;
  std::uintmax_t size = std::filesystem::file_size(attempt_dir / kOutputFile, error);
  return error ? 0 : size;
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
  return create_file_exclusively(attempt_dir / kClaimFile, format_claim(claim),
                                 FileSync::within_boot);
}

}  // namespace drover
