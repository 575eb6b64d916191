// A reserved file: its bytes are allocated (written) when it is made, so
// that a record can be written into it later in place, by a single pwrite
// over blocks the file already owns, needing no new space even on a full
// disk (a job's exit status in its attempt.record).
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

// Creates `path` with `size` spaces and returns it open for writing. Not
// synced: the write itself takes the space (ext4 reserves delayed blocks
// at write time, tmpfs allocates pages), and a blank record says nothing
// that a crash could lose.
Result<UniqueFd> reserve_file(const std::filesystem::path& path, std::size_t size);

// Writes `record` at `offset` of the reserved file, padded to `size` with
// spaces, then (when `durable`) fdatasync. Fails when the record does not fit.
Status write_reserved(int fd, std::size_t offset, std::size_t size, std::string_view record,
                      bool durable = true);

// True when `content` (a reserved file's) holds nothing but spaces.
bool is_blank(std::string_view content);

// Bytes an unprivileged writer may still use on the file system holding
// `path` (statvfs f_bavail): why a file could not be written.
Result<std::uint64_t> available_bytes(const std::filesystem::path& path);

}  // namespace drover
