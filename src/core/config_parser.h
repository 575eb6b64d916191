// The parser of drover.toml: TOML text to a checked Config, every error
// naming the file, line and key ("drover.toml:14: types.echo.timeout must be
// a duration like \"30s\"").
#pragma once

#include <string_view>

#include "core/config.h"
#include "core/result.h"

namespace drover {

// Parses TOML text; `source_name` is used in error messages ("drover.toml:14: ...").
// The built-in `shell` type and `default` queue are added when not declared.
Result<Config> parse_config(std::string_view text, std::string_view source_name);

}  // namespace drover
