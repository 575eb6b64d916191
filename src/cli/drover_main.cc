// drover: the command line. `drover daemon` becomes drover-daemon, installed
// beside it, which alone links the daemon's libraries.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/cli_app.h"
#include "os/self_executable.h"

namespace {

int exec_daemon(const std::filesystem::path& state_dir,
                const std::optional<std::filesystem::path>& config_file) {
  auto self = drover::self_executable();
  if (!self) {
    fmt::print(stderr, "drover: cannot start the daemon: {}\n", self.error().message);
    return 1;
  }
  std::string daemon = (self->parent_path() / "drover-daemon").string();
  std::vector<std::string> args{daemon, "--state-dir", state_dir.string()};
  if (config_file) args.insert(args.end(), {"--config", config_file->string()});
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execv(daemon.c_str(), argv.data());
  fmt::print(stderr, "drover: cannot run {}: {}; it is installed beside drover\n", daemon,
             std::strerror(errno));
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  drover::cli::CliHooks hooks;
  hooks.run_daemon = exec_daemon;
  return drover::cli::run_cli_main(argc, argv, hooks);
}
