// Where the daemon's web UI is, and the link that signs a browser in, read
// from the state dir (the daemon writes the address it bound; the token is
// the API's): no request needed, so it also helps when the socket is gone.
// Shown by `drover ui` and after `drover daemon start`.
#pragma once

#include <optional>
#include <string>

#include "cli/cli_context.h"

namespace drover::cli {

struct WebUiAddress {
  std::string url;        // http://127.0.0.1:7878/
  std::string login_url;  // the url with ?token=...
};

// nullopt when the daemon serves no web UI (listen = "off") or never started.
std::optional<WebUiAddress> web_ui_address(const StatePaths& paths);

// "Web UI:  ... / Log in:  ..." on stdout; nothing without an address.
void print_web_ui_address(const Context& context);

}  // namespace drover::cli
