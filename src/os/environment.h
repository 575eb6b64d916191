// The environment handed to a spawned process.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace drover {

// Our own environment with `overrides` added or replacing entries of the
// same name, as "NAME=value" strings for SpawnOptions::env.
std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides);

}  // namespace drover
