// Opening a file below a folder without following symbolic links, for the
// files a job can replace (its log, its artifacts): the daemon must never
// serve what a link a job planted points to (/etc/passwd, the token).
//
// open_beneath uses openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS); where
// the kernel lacks it (Linux < 5.6, or a seccomp filter refusing it) it
// opens one component at a time with O_NOFOLLOW, which refuses the same
// paths. Errors:
//   a link on the way  conflict:  "d/etc is a symbolic link; drover does not
//                                  follow links a job made"
//   "..", absolute     invalid
//   missing            not_found
//
// Thread-safe: no state.
#pragma once

#include <string_view>

#include "core/result.h"
#include "os/fd.h"

namespace drover {

// Opens `relative` ("3/1/output.log") below the folder open as `dir_fd`;
// `flags` as for open(2) (O_CLOEXEC and O_NOFOLLOW are added).
Result<UniqueFd> open_beneath(int dir_fd, std::string_view relative, int flags);

// The per-component way, also what open_beneath falls back to.
Result<UniqueFd> open_beneath_by_components(int dir_fd, std::string_view relative, int flags);

}  // namespace drover
