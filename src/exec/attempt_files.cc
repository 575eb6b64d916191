#include "exec/attempt_files.h"

#include "os/atomic_file.h"
#include "os/fd.h"

namespace drover {
namespace {

// Whatever `parse` makes of the record, or its error naming the file.
template <typename T>
Result<T> parse_record(const std::filesystem::path& attempt_dir,
                       Result<T> (*parse)(std::string_view)) {
  std::filesystem::path path = attempt_dir / kRecordFile;
  DROVER_TRY(text, read_file(path));
  auto parsed = parse(*text);
  if (!parsed && parsed.error().code != ErrorCode::not_found) {
    return make_error(ErrorCode::io, "{}: {}", path.string(), parsed.error().message);
  }
  return parsed;
}

}  // namespace

Result<ShimClaim> read_claim(const std::filesystem::path& attempt_dir) {
  return parse_record<ShimClaim>(attempt_dir, parse_record_claim);
}

Result<ShimExit> read_exit(const std::filesystem::path& attempt_dir) {
  std::filesystem::path exit_file = attempt_dir / kExitFile;
  auto text = read_file(exit_file);
  if (!text && text.error().code != ErrorCode::not_found) return text.error();
  if (!text) return parse_record<ShimExit>(attempt_dir, parse_record_exit);
  // The record could not be written (a full disk): the shim wrote exit.json.
  auto parsed = parse_exit(*text);
  if (!parsed)
    return make_error(ErrorCode::io, "{}: {}", exit_file.string(), parsed.error().message);
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
  DROVER_TRY(text, format_new_record(claim, false));
  return create_file_exclusively(attempt_dir / kRecordFile, *text, FileSync::within_boot);
}

}  // namespace drover
