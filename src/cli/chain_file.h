// A chain file as JSON: TOML (DESIGN.md, "A chain file") or, when the name
// ends in .json, JSON. Errors name the file, and for TOML the line.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace drover::cli {

Result<nlohmann::json> read_chain_file(const std::filesystem::path& file);

}  // namespace drover::cli
