// Reads an attempt's output.log for `drover logs` and the API: from a byte
// offset (to follow a growing log) or the last N lines.
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
  bool finished = false;          // the job is finished: nothing more will come
  JobState job_state = JobState::queued;  // when it was read (set by Engine::read_log)
};

// At most `max_bytes` from `offset`; with `tail_lines`, the last N lines.
Result<LogChunk> read_log_file(const std::filesystem::path& path, std::uint64_t offset,
                               std::optional<std::uint64_t> tail_lines,
                               std::uint64_t max_bytes = 1 << 20);

}  // namespace drover
