// Reading the shim files of an attempt folder from the daemon's side, and
// the daemon's one write into an attempt record: marking it abandoned.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.h"
#include "protocol/attempt_record.h"
#include "protocol/shim_files.h"

namespace drover {

// The claim in attempt.record, with the job's pid once the shim wrote it;
// not_found when no shim (and no reconciler) claimed the attempt.
Result<ShimClaim> read_claim(const std::filesystem::path& attempt_dir);

// exit.json, else the exit slot of attempt.record; not_found while the job
// runs.
Result<ShimExit> read_exit(const std::filesystem::path& attempt_dir);

// True once the shim left its exit (exit.json or a filled exit slot), even
// one that cannot be read.
bool has_exit(const std::filesystem::path& attempt_dir);

// The size of output.log so far (0 when there is none yet): the live
// log_bytes of a running attempt, and the last one of a vanished attempt.
std::uint64_t output_log_size(const std::filesystem::path& attempt_dir);

// Creates attempt.record marked abandoned unless it exists; conflict when a
// shim claimed the attempt first.
Status abandon_attempt(const std::filesystem::path& attempt_dir, const std::string& token);

}  // namespace drover
