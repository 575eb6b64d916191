// Reads an attempt's output.log for `drover logs` and the API: from a byte
// offset (to follow a growing log) or the last N lines. The job may have
// replaced its log or its attempt folder with a link (to /etc/passwd):
// such a log is refused (conflict, naming the link), never followed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/job_state.h"
#include "core/result.h"

namespace drover {

struct LogChunk {
  std::string text;
  std::uint64_t next_offset = 0;  // ask from here next time
  std::uint64_t size = 0;         // bytes on disk now
  bool truncated = false;         // the shim stopped writing at log_max
  int attempt = 0;
  bool finished = false;                  // the job is finished: nothing more will come
  JobState job_state = JobState::queued;  // when it was read (set by Engine::read_log)
};

// At most `max_bytes` of <attempt_dir>/output.log from `offset`; with
// `tail_lines`, the last N lines. Nothing (not an error) before the log exists.
Result<LogChunk> read_log_file(const std::filesystem::path& attempt_dir, std::uint64_t offset,
                               std::optional<std::uint64_t> tail_lines,
                               std::uint64_t max_bytes = 1 << 20);

}  // namespace drover
