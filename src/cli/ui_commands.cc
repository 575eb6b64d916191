// `drover ui`: where the web UI is and the one-time login link, read from
// the state dir (the daemon writes the address it bound; the token is the
// API's). Works without a request, so it also helps when the socket is gone.
#include <fmt/format.h>

#include <array>
#include <fstream>
#include <ostream>

#include "cli/command_table.h"

namespace drover::cli {
namespace {

// The first line of a small state-dir file, "" when it is missing.
std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

int run_ui(Context& context) {
  StatePaths paths = context.paths();
  std::string address = first_line(paths.dir / "address");
  std::string token = first_line(paths.token());
  if (address.empty() || token.empty()) {
    return context.fail(
        {ErrorCode::unavailable,
         fmt::format("no web UI address in {}: start the daemon (`drover daemon start`), and "
                     "check that [daemon] listen in drover.toml is not \"off\"",
                     paths.dir.string())});
  }
  std::string url = fmt::format("http://{}/", address);
  std::string login = fmt::format("{}?token={}", url, token);
  if (context.global.json) return context.print_json({{"url", url}, {"login_url", login}});
  context.out << fmt::format(
      "Web UI:  {}\nLog in:  {}\n         (opening it once signs this browser in; keep it private)\n",
      url, login);
  return 0;
}

constexpr std::array<CommandSpec, 1> kUiCommands{{
    {"ui", "", "the web UI's address and a link that signs the browser in", nullptr, run_ui},
}};

}  // namespace

std::span<const CommandSpec> ui_commands() { return kUiCommands; }

}  // namespace drover::cli
