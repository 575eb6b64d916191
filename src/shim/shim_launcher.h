// The launcher: `drover-shim --launcher STATE_DIR`, one per state dir
// (DESIGN.md, Launching attempts). A small single-threaded process with no
// SQLite handle, started detached by the daemon on demand and reused by the
// daemons that come after it. It listens on launcher.sock (0600) in the
// state dir; for each LaunchOrder (protocol/launcher_protocol.h) it forks
// a child that becomes the attempt's shim (its own session, run_shim, no
// exec) and answers with the child's pid, start time and a pidfd.
//
// It reaps what it forks. Shims do not depend on it: when it dies they run
// on (init reaps them) and the daemon starts another launcher. It leaves by
// itself after a minute without a daemon connected and without a shim.
//
// run_launcher returns (exit code 0) in the process the daemon started once
// the socket listens, or at once when another launcher holds the state
// dir's lock; a forked copy of it goes on serving.
#pragma once

#include <filesystem>

namespace drover {

int run_launcher(const std::filesystem::path& state_dir);

}  // namespace drover
