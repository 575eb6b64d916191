// drover: the command line, and with `drover daemon` the daemon itself.
#include "cli/cli_app.h"
#include "daemon/daemon.h"

int main(int argc, char** argv) {
  drover::cli::CliHooks hooks;
  hooks.run_daemon = [](const std::filesystem::path& state_dir,
                        const std::optional<std::filesystem::path>& config_file) {
    return drover::run_daemon(drover::DaemonOptions{state_dir, config_file});
  };
  return drover::cli::run_cli_main(argc, argv, hooks);
}
