// `drover daemon status` for a daemon that answers: its pid, state dir and
// how it contains jobs (cgroup v2 or process groups, and why), from /healthz.
#pragma once

#include <optional>

#include "cli/cli_context.h"

namespace drover::cli {

// The daemon's /healthz answer; nullopt when no daemon answers.
std::optional<Json> daemon_health(const Context& context);

// Prints the status (text, or the JSON object with `--json`); returns 0.
int print_daemon_status(const Context& context, const Json& health);

}  // namespace drover::cli
