// drover-shim ATTEMPT_DIR: runs one attempt of a job; started by the daemon.
#include <cstdio>

#include "shim/shim.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr,
                 "usage: drover-shim ATTEMPT_DIR\n"
                 "(started by the drover daemon; not meant to be run by hand)\n");
    return drover::kShimUsage;
  }
  return drover::run_shim(argv[1]);
}
