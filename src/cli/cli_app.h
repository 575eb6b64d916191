// The `drover` command line: parses argv with CLI11 from the command table,
// runs the chosen command, and returns the process exit code (DESIGN.md:
// 0 ok, 1 error, 2 usage, 3 not found, 4 conflict). `--state-dir` and
// `--json` are accepted before or after the command name.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "cli/cli_context.h"

namespace drover::cli {

struct CliIo {
  std::ostream& out;
  std::ostream& err;
  const Clock& clock;
  bool out_is_tty = false;
  bool err_is_tty = false;
  bool color = false;
  std::size_t width = 0;
  std::istream* in = nullptr;  // stdin, for `--each -`; none in tests that do not say
};

// `args` without the program name.
int run_cli(const std::vector<std::string>& args, const CliIo& io, const CliHooks& hooks);

// The real process: stdout/stderr, the system clock, TTY detection.
int run_cli_main(int argc, char** argv, const CliHooks& hooks);

}  // namespace drover::cli
