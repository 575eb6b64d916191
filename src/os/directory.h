// Reading the entries of an open folder without following links: how the
// daemon walks a job's artifacts folder, which the job may have filled
// with links and pipes.
//
// Thread-safe: no state.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"
#include "os/fd.h"

namespace drover {

struct DirectoryEntry {
  enum class Kind { file, directory, link, other };
  std::string name;
  Kind kind = Kind::other;
};

// The entries of the folder open as `dir_fd` ("." and ".." left out), in
// the order the file system gives, at most `max_entries` of them.
Result<std::vector<DirectoryEntry>> read_directory(int dir_fd, std::size_t max_entries);

}  // namespace drover
