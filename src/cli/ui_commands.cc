// `drover ui`: where the web UI is and the one-time login link, read from
// the state dir (the daemon writes the address it bound; the token is the
// API's). Works without a request, so it also helps when the socket is gone.
#include <fmt/format.h>

#include <array>
#include <fstream>
#include <ostream>

#include "cli/command_table.h"
#include "cli/web_ui_address.h"

namespace drover::cli {
namespace {

int run_ui(Context& context) {
  auto address = web_ui_address(context.paths());
  if (!address) {
    return context.fail(
        {ErrorCode::unavailable,
         fmt::format("no web UI address in {}: start the daemon (`drover daemon start`), and "
                     "check that [daemon] listen in drover.toml is not \"off\"",
                     context.paths().dir.string())});
  }
  if (context.global.json) {
    return context.print_json({{"url", address->url}, {"login_url", address->login_url}});
  }
  print_web_ui_address(context);
  return 0;
}

constexpr std::array<CommandSpec, 1> kUiCommands{{
    {"ui", "", "the web UI's address and a link that signs the browser in", nullptr, run_ui},
}};

}  // namespace

std::span<const CommandSpec> ui_commands() { return kUiCommands; }

}  // namespace drover::cli
