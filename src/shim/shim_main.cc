// drover-shim ATTEMPT_DIR: runs one attempt of a job; started by the daemon.
// drover-shim --launcher STATE_DIR: the launcher that forks shims instead.
#include <cstdio>
#include <string_view>

#include "shim/shim.h"
#include "shim/shim_launcher.h"

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--launcher") return drover::run_launcher(argv[2]);
  if (argc != 2) {
    std::fprintf(stderr,
                 "usage: drover-shim ATTEMPT_DIR\n"
                 "       drover-shim --launcher STATE_DIR\n"
                 "(started by the drover daemon; not meant to be run by hand)\n");
    return drover::kShimUsage;
  }
  return drover::run_shim(argv[1]);
}
