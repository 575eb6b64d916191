// Forking without exec: how the launcher (drover-shim --launcher) turns
// itself into an attempt's shim, at the cost of a fork instead of an exec
// and a program start. Only for single-threaded processes holding no
// SQLite handle (DESIGN.md, Durability rules): the child runs on with a
// copy of everything.
#pragma once

#include <filesystem>

#include "core/result.h"

namespace drover {

// fork(2): the child's pid in the parent, 0 in the child.
Result<int> fork_process();

// In a forked child, before it acts as a shim: its own session (no
// terminal, its own group), an empty signal mask and default signal
// actions, stdout and stderr on `output_fd` (-1: left as they are),
// `keep_fd` moved to descriptor 3 and every other descriptor above 2
// closed, and `cwd` as its folder. Returns the new number of `keep_fd`
// (3), or -1 when it was -1.
Result<int> detach_forked_child(const std::filesystem::path& cwd, int output_fd, int keep_fd);

// Reaps every child that has ended, without waiting; how many it reaped.
int reap_ended_children();

}  // namespace drover
