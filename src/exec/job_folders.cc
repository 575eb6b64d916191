#include "exec/job_folders.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <string_view>

namespace drover {
namespace {

// Programs that run code the command line does not show.
constexpr std::array<std::string_view, 14> kInterpreters{"sh",   "bash", "dash", "zsh",   "ksh",
                                                         "fish", "env",  "php",  "node",  "perl",
                                                         "ruby", "make", "deno", "python"};

bool names_a_folder(const std::string& arg) {
  return arg.find("DROVER_JOB_DIR") != std::string::npos ||
         arg.find("DROVER_ARTIFACTS") != std::string::npos;
}

bool is_interpreter(const std::string& program) {
  std::string name = std::filesystem::path(program).filename().string();
  // python3.11, node18 and the like are their interpreter too.
  while (!name.empty() &&
         (std::isdigit(static_cast<unsigned char>(name.back())) || name.back() == '.')) {
    name.pop_back();
  }
  return std::find(kInterpreters.begin(), kInterpreters.end(), name) != kInterpreters.end();
}

}  // namespace

bool uses_job_folders(const TypeConfig& type, const std::vector<std::string>& argv) {
  if (!type.command_from_params) return true;
  if (argv.empty()) return false;
  return is_interpreter(argv.front()) || std::any_of(argv.begin(), argv.end(), names_a_folder);
}

}  // namespace drover
