#include "shim/shim_log.h"

#include <fcntl.h>

#include <cstdio>
#include <optional>
#include <string>

#include "os/fd.h"
#include "protocol/shim_files.h"

namespace drover {
namespace {

std::optional<std::filesystem::path> g_log_path;

}  // namespace

void say_into_shim_log(const std::filesystem::path& attempt_dir) {
  g_log_path = attempt_dir / kShimLogFile;
}

void shim_say(std::string_view message) {
  std::string line = "drover-shim: " + std::string(message) + "\n";
  if (g_log_path) {
    // Opened per message: there are few, and most shims have none.
    if (auto log = open_file(*g_log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) {
      if (write_all(log->get(), line)) return;
    }
  }
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace drover
