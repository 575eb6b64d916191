#include "exec/log_reader.h"

#include <fcntl.h>

#include "os/open_beneath.h"
#include "protocol/shim_files.h"

namespace drover {
namespace {

// Reads [offset, offset + into.size()) whole, or what there is of it.
Result<std::size_t> read_at(int fd, std::uint64_t offset, std::span<char> into) {
  std::size_t done = 0;
  while (done < into.size()) {
    DROVER_TRY(outcome, read_some_at(fd, offset + done, into.subspan(done)));
    if (outcome->end_of_file || outcome->would_block) break;
    done += outcome->bytes;
  }
  return done;
}

// Byte offset where the last `lines` lines of the file begin.
Result<std::uint64_t> tail_offset(int fd, std::uint64_t size, std::uint64_t lines) {
  constexpr std::uint64_t kBlock = 64 * 1024;
  std::uint64_t newlines = 0;
  std::string block;
  // A final newline ends the last line; it does not start another.
  std::uint64_t pos = size;
  while (pos > 0) {
    std::uint64_t start = pos > kBlock ? pos - kBlock : 0;
    block.resize(pos - start);
    DROVER_TRY(got, read_at(fd, start, block));
    for (std::uint64_t i = *got; i-- > 0;) {
      if (block[i] != '\n' || start + i + 1 == size) continue;
      if (++newlines == lines) return start + i + 1;
    }
    pos = start;
  }
  return 0;
}

// output.log, opened from the jobs folder so that no link on the way
// (the log or the attempt folder replaced by the job) is followed.
Result<UniqueFd> open_log(const std::filesystem::path& attempt_dir) {
  std::filesystem::path job_dir = attempt_dir.parent_path();
  DROVER_TRY(jobs, open_file(job_dir.parent_path(), O_RDONLY | O_DIRECTORY));
  std::string relative = (job_dir.filename() / attempt_dir.filename() / kOutputFile).string();
  // Non-blocking: a pipe planted as the log must not hang the reader.
  return open_beneath(jobs->get(), relative, O_RDONLY | O_NONBLOCK);
}

}  // namespace

Result<LogChunk> read_log_file(const std::filesystem::path& attempt_dir, std::uint64_t offset,
                               std::optional<std::uint64_t> tail_lines, std::uint64_t max_bytes) {
  LogChunk chunk;
  auto file = open_log(attempt_dir);
  if (!file && file.error().code == ErrorCode::not_found) {
    chunk.next_offset = offset;
    return chunk;  // the attempt has not written anything yet
  }
  if (!file) return file.error();
  DROVER_TRY(status, stat_fd(file->get()));
  if (!status->regular) {
    return make_error(ErrorCode::conflict, "{} of attempt {} is not a regular file; not read",
                      kOutputFile, attempt_dir.filename().string());
  }
  chunk.size = status->size;
  if (tail_lines) {
    DROVER_TRY(start, tail_offset(file->get(), chunk.size, *tail_lines));
    offset = *start;
  }
  if (offset > chunk.size) offset = chunk.size;
  chunk.text.resize(std::min(chunk.size - offset, max_bytes));
  DROVER_TRY(got, read_at(file->get(), offset, chunk.text));
  chunk.text.resize(*got);
  chunk.next_offset = offset + *got;
  return chunk;
}

}  // namespace drover
