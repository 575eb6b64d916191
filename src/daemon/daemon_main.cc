// drover-daemon: the daemon in the foreground, as `drover daemon` runs it.
// A binary of its own so that every CLI command, a process start each, does
// not load what only the daemon needs (SQLite, libpq and its TLS and
// Kerberos libraries, the HTTP server).
//   drover-daemon --state-dir DIR [--config FILE]
#include <cstdio>
#include <string>
#include <string_view>

#include "daemon/daemon.h"

namespace {

int usage(std::string_view problem) {
  std::fprintf(stderr,
               "drover-daemon: %.*s\nusage: drover-daemon --state-dir DIR [--config FILE]\n"
               "(start the daemon with `drover daemon start`, or in the foreground with "
               "`drover daemon`)\n",
               static_cast<int>(problem.size()), problem.data());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  drover::DaemonOptions options;
  for (int i = 1; i < argc; i += 2) {
    std::string flag = argv[i];
    if (flag != "--state-dir" && flag != "--config") return usage("unknown argument " + flag);
    if (i + 1 >= argc) return usage(flag + " needs a value");
    if (flag == "--state-dir") {
      options.state_dir = argv[i + 1];
    } else {
      options.config_file = argv[i + 1];
    }
  }
  if (options.state_dir.empty()) return usage("--state-dir is required");
  return drover::run_daemon(options);
}
