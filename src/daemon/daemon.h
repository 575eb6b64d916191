// The daemon: opens the state dir (refusing a second daemon on it), loads the
// config and store, reconciles attempts left running, then serves the API
// on the unix socket (and TCP) from one event loop until SIGTERM/SIGINT.
// Jobs keep running under their shims when it stops.
#pragma once

#include <filesystem>
#include <optional>

namespace drover {

struct DaemonOptions {
  std::filesystem::path state_dir;
  std::optional<std::filesystem::path> config_file;
};

// Runs in the foreground; returns the process exit code.
int run_daemon(const DaemonOptions& options);

}  // namespace drover
