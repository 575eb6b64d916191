// The state dir: where a daemon keeps its database, socket, token, pid file,
// log and job folders, and where every command finds its daemon.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace drover {

// --state-dir D, else $DROVER_STATE_DIR, else $XDG_STATE_HOME/drover, else
// ~/.local/state/drover.
std::filesystem::path resolve_state_dir(const std::optional<std::string>& flag);

struct StatePaths {
  std::filesystem::path dir;
  std::filesystem::path database() const { return dir / "drover.db"; }
  std::filesystem::path socket() const { return dir / "drover.sock"; }
  std::filesystem::path token() const { return dir / "token"; }
  std::filesystem::path pid_file() const { return dir / "daemon.pid"; }
  std::filesystem::path lock_file() const { return dir / "daemon.lock"; }
  std::filesystem::path log_file() const { return dir / "daemon.log"; }
  std::filesystem::path config() const { return dir / "drover.toml"; }
  std::filesystem::path jobs() const { return dir / "jobs"; }
};

}  // namespace drover
