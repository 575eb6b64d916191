#include "protocol/launcher_protocol.h"

#include <fmt/format.h>

#include <charconv>

namespace drover {
namespace {

constexpr std::string_view kHelloVerb = "hello\n";
constexpr std::string_view kOrderVerb = "launch\n";
constexpr std::string_view kOk = "ok ";
constexpr std::string_view kError = "error ";

template <typename T>
bool parse_number(std::string_view text, T& value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string format_hello(const std::vector<std::string>& environment) {
  std::string text(kHelloVerb);
  for (const std::string& entry : environment) {
    text += entry;
    text += '\0';
  }
  return text;
}

std::optional<std::vector<std::string>> parse_hello(std::string_view text) {
  if (!text.starts_with(kHelloVerb)) return std::nullopt;
  text.remove_prefix(kHelloVerb.size());
  std::vector<std::string> environment;
  while (!text.empty()) {
    std::size_t end = text.find('\0');
    environment.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return environment;
}

std::string format_order(const LaunchOrder& order) {
  return fmt::format("{}{}\n{}", kOrderVerb, order.attempt_dir.string(), order.spec_text);
}

Result<LaunchOrder> parse_order(std::string_view text) {
  if (!text.starts_with(kOrderVerb)) return make_error(ErrorCode::invalid, "not a launch order");
  text.remove_prefix(kOrderVerb.size());
  std::size_t end = text.find('\n');
  if (end == std::string_view::npos || end == 0) {
    return make_error(ErrorCode::invalid, "a launch order without an attempt folder");
  }
  return LaunchOrder{std::string(text.substr(0, end)), std::string(text.substr(end + 1))};
}

std::string format_answer(const LaunchAnswer& answer) {
  if (!answer.error.empty()) return fmt::format("{}{}", kError, answer.error);
  return fmt::format("{}{} {}", kOk, answer.shim_pid, answer.shim_start_ticks);
}

Result<LaunchAnswer> parse_answer(std::string_view text) {
  LaunchAnswer answer;
  if (text.starts_with(kError)) {
    answer.error = std::string(text.substr(kError.size()));
    if (answer.error.empty()) answer.error = "the launcher failed without saying why";
    return answer;
  }
  std::size_t space = text.find(' ', kOk.size());
  if (!text.starts_with(kOk) || space == std::string_view::npos ||
      !parse_number(text.substr(kOk.size(), space - kOk.size()), answer.shim_pid) ||
      !parse_number(text.substr(space + 1), answer.shim_start_ticks) || answer.shim_pid <= 0) {
    return make_error(ErrorCode::invalid, "not a launch answer: {}", text.substr(0, 80));
  }
  return answer;
}

}  // namespace drover
