#include "os/environment.h"

#include <stdlib.h>

#include <cstring>
#include <string_view>

extern char** environ;

namespace drover {

std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    std::string_view name = text.substr(0, text.find('='));
    if (overrides.find(std::string(name)) == overrides.end()) env.emplace_back(text);
  }
  for (const auto& [name, value] : overrides) env.push_back(name + "=" + value);
  return env;
}

std::vector<std::string> current_environment() {
  std::vector<std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry)
    env.emplace_back(*entry);
  return env;
}

void replace_environment(const std::vector<std::string>& entries) {
  ::clearenv();
  // putenv keeps the pointer: each entry gets a copy that lives as long as the process.
  for (const std::string& entry : entries) {
    if (entry.find('=') != std::string::npos) ::putenv(::strdup(entry.c_str()));
  }
}

}  // namespace drover
