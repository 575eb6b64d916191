// The environment handed to a spawned process.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace drover {

// Our own environment with `overrides` added or replacing entries of the
// same name, as "NAME=value" strings for SpawnOptions::env.
std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides);

// Our own environment, as "NAME=value" strings.
std::vector<std::string> current_environment();

// Makes `entries` ("NAME=value") our whole environment. For a forked child
// about to act for another process (the launcher's shims act for the daemon).
void replace_environment(const std::vector<std::string>& entries);

}  // namespace drover
