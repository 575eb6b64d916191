// LauncherLink: the daemon's connection to the launcher of its state dir
// (drover-shim --launcher, shim/shim_launcher.h), which it starts on demand
// and which outlives it. One order at a time, each answered within
// milliseconds (a fork), so the calls block the event loop only that long.
//
// A launcher that cannot be started is not retried for a few seconds:
// meanwhile the caller execs drover-shim itself, as before launchers.
//
// Thread-safety: one thread (the event loop's).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"
#include "os/fd.h"
#include "protocol/launcher_protocol.h"

namespace drover {

struct ForkedShim {
  int pid = 0;
  std::uint64_t start_ticks = 0;
  UniqueFd pidfd;
};

struct LinkOutcome {
  std::optional<ForkedShim> shim;  // forked, and named by its pidfd
  // No answer came (the launcher died with the order in hand): a shim may
  // have been forked. Only its claim and its channel can tell.
  bool maybe_forked = false;
  std::string error;  // why there is no shim (when not maybe_forked, none was forked)
};

class LauncherLink {
 public:
  LauncherLink(std::filesystem::path state_dir, std::filesystem::path shim_path);

  // Asks the launcher to fork a shim for `order`, handing it `channel_fd`
  // (the write end of the attempt's channel). Starts a launcher when none
  // listens.
  LinkOutcome launch(const LaunchOrder& order, int channel_fd);

 private:
  Status connect();
  Status start_launcher();
  Status send_order(const LaunchOrder& order, int channel_fd);

  std::filesystem::path m_state_dir;
  std::filesystem::path m_shim_path;
  UniqueFd m_socket;
  std::optional<std::chrono::steady_clock::time_point> m_retry_at;  // after a failed start
};

}  // namespace drover
