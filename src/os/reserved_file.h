// A reserved file: its bytes are allocated (written and synced) when it is
// made, so that a record can be written into it later in place, by a single
// pwrite over blocks the file already owns, when the disk has no room left
// for a new file (exit.record: a job's exit status on a full disk).
//
// Blank means "nothing recorded": the file is made of spaces, and a record
// is padded with spaces to the same size. Reading is read_file (os/fd.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "core/result.h"
#include "os/fd.h"

namespace drover {

// Creates `path` with `size` spaces, synced, and returns it open for writing.
Result<UniqueFd> reserve_file(const std::filesystem::path& path, std::size_t size);

// Writes `record` at the start of the reserved file, padded to `size` with
// spaces, then fdatasync. Fails when the record does not fit.
Status write_reserved(int fd, std::size_t size, std::string_view record);

// True when `content` (a reserved file's) holds nothing but spaces.
bool is_blank(std::string_view content);

// Bytes an unprivileged writer may still use on the file system holding
// `path` (statvfs f_bavail): why a file could not be written.
Result<std::uint64_t> available_bytes(const std::filesystem::path& path);

}  // namespace drover
