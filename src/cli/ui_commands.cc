// `drover ui`: where the web UI is and the one-time login link, read from
// the state dir (the daemon writes the address it bound; the token is the
// API's). Works without a request, so it also helps when the socket is gone.
// On a desktop's terminal it also opens the link, as `jupyter notebook` does.
#include <fmt/format.h>

#include <array>
#include <cstdlib>
#include <ostream>

#include "cli/command_table.h"
#include "cli/web_ui_address.h"
#include "os/process.h"

namespace drover::cli {
namespace {

void configure_ui(CLI::App& command, CommandArgs& args) {
  command.add_flag("--open,!--no-open", args.open_browser,
                   "open the login link in a browser (default: when run in a terminal of a "
                   "graphical session)");
}

bool has_graphical_session() {
  return std::getenv("DISPLAY") != nullptr || std::getenv("WAYLAND_DISPLAY") != nullptr;
}

bool should_open(const Context& context) {
  if (context.args.open_browser) return *context.args.open_browser;
  return context.out_is_tty && !context.global.json && has_graphical_session();
}

// xdg-open hands the link to the user's browser; drover does not wait for it
// (a browser started by it may run for hours) and it gets no terminal.
Status open_in_browser(const std::string& url) {
  SpawnOptions options;
  options.argv = {"xdg-open", url};
  options.new_session = true;
  DROVER_TRY(pid, spawn_process(options));
  return {};
}

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
    context.print_json({{"url", address->url}, {"login_url", address->login_url}});
  } else {
    print_web_ui_address(context);
  }
  if (!should_open(context)) return 0;
  if (auto opened = open_in_browser(address->login_url); !opened) {
    // Exit 1, not 3: nothing the user named is missing, only a way to open links.
    return context.fail(
        {ErrorCode::unavailable, fmt::format("{}; open the link above yourself (xdg-utils provides "
                                             "xdg-open)",
                                             opened.error().message)});
  }
  if (!context.global.json) context.out << "Opened the link in your browser.\n";
  return 0;
}

constexpr std::array<CommandSpec, 1> kUiCommands{{
    {"ui", "", "the web UI's address and a link that signs the browser in; opens it on a desktop",
     configure_ui, run_ui},
}};

}  // namespace

std::span<const CommandSpec> ui_commands() { return kUiCommands; }

}  // namespace drover::cli
