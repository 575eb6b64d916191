#include "exec/job_folders.h"

#include <fcntl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "os/fd.h"

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

// Where exec would find `program`: itself when it names a path, else the
// first match on $PATH; empty when none.
std::filesystem::path find_program(const std::string& program, const std::filesystem::path& cwd) {
  if (program.find('/') != std::string::npos) {
    std::filesystem::path path(program);
    return path.is_absolute() || cwd.empty() ? path : cwd / path;
  }
  const char* search = std::getenv("PATH");
  std::string_view folders = search ? search : "/usr/bin:/bin";
  while (!folders.empty()) {
    std::size_t end = std::min(folders.find(':'), folders.size());
    std::filesystem::path candidate = std::filesystem::path(folders.substr(0, end)) / program;
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error)) return candidate;
    folders.remove_prefix(std::min(end + 1, folders.size()));
  }
  return {};
}

// A script (#!) runs an interpreter the command line does not show.
// Opened without blocking and read only when regular: a FIFO or a device
// named as the program must not hold the daemon's loop.
bool is_script(const std::filesystem::path& path) {
  auto file = open_file(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (!file) return false;
  auto status = stat_fd(file->get());
  if (!status || !status->regular) return false;
  std::array<char, 2> start{};
  auto read = read_some_at(file->get(), 0, start);
  return read && read->bytes == 2 && start[0] == '#' && start[1] == '!';
}

}  // namespace

bool uses_job_folders(const TypeConfig& type, const std::vector<std::string>& argv,
                      const std::filesystem::path& cwd) {
  if (!type.command_from_params) return true;
  if (argv.empty()) return false;
  if (is_interpreter(argv.front()) || std::any_of(argv.begin(), argv.end(), names_a_folder)) {
    return true;
  }
  std::filesystem::path program = find_program(argv.front(), cwd);
  return !program.empty() && is_script(program);
}

}  // namespace drover
