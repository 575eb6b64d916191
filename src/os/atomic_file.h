// Files that are either absent or whole: readers never see a half-written
// exit.json or attempt.record, even after a crash or power loss.
//
// They write a temporary file beside the target (an unnamed O_TMPFILE when
// creating exclusively, so nothing is deleted afterwards), fsync it, put it
// in place with one atomic call and fsync the directory, so the new name is
// durable too. Temporary names include the pid, so a shim and a daemon can
// write into the same folder at once.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"
#include "os/fd.h"

namespace drover {

// Whether a file must survive power loss (fsync of the file and its folder),
// or only a crash of processes: files that matter within one boot only
// (spec.json, a claim: a reboot ends their attempt anyway) skip the fsyncs,
// which are most of the cost of starting a job.
enum class FileSync { durable, within_boot };

// Replaces `path` with `content` (rename(2) over the old file).
Status write_file_atomically(const std::filesystem::path& path, std::string_view content,
                             FileSync sync = FileSync::durable);

// Creates `path` with `content` only if no file has that name yet (link(2),
// which fails with EEXIST atomically). The error code is conflict when
// someone else created it first: this is how a claim is won or lost.
Status create_file_exclusively(const std::filesystem::path& path, std::string_view content,
                               FileSync sync = FileSync::durable);

// create_file_exclusively without fsyncs (FileSync::within_boot), and the
// new file stays open for writing: the attempt record, which its shim
// writes in place later.
Result<UniqueFd> create_open_exclusively(const std::filesystem::path& path,
                                         std::string_view content);

// fsync of a directory, so that a rename or link in it survives a crash.
Status sync_directory(const std::filesystem::path& directory);

}  // namespace drover
