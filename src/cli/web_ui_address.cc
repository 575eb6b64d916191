#include "cli/web_ui_address.h"

#include <fmt/format.h>

#include <fstream>
#include <ostream>

namespace drover::cli {
namespace {

// The first line of a small state-dir file, "" when it is missing.
std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

std::optional<WebUiAddress> web_ui_address(const StatePaths& paths) {
  std::string address = first_line(paths.dir / "address");
  std::string token = first_line(paths.token());
  if (address.empty() || token.empty()) return std::nullopt;
  std::string url = fmt::format("http://{}/", address);
  return WebUiAddress{url, fmt::format("{}?token={}", url, token)};
}

void print_web_ui_address(const Context& context) {
  auto address = web_ui_address(context.paths());
  if (!address) return;
  context.out << fmt::format(
      "Web UI:  {}\nLog in:  {}\n         (opening it once signs this browser in; keep it "
      "private)\n",
      address->url, address->login_url);
}

}  // namespace drover::cli
