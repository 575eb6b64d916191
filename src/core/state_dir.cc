#include "core/state_dir.h"

#include <cstdlib>

namespace drover {

std::filesystem::path resolve_state_dir(const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return std::filesystem::absolute(*flag);
  if (const char* env = std::getenv("DROVER_STATE_DIR"); env && *env) {
    return std::filesystem::absolute(env);
  }
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "drover";
  }
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : "/tmp") / ".local" / "state" / "drover";
}

}  // namespace drover
