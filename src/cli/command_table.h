// The subcommands of `drover`, as a table (STYLE 16): each row names the
// command ("queues pause"), its help line, how it binds its arguments and
// what runs it. `--help`, parsing and dispatch all come from these rows.
// Each family of commands keeps its rows beside its code.
#pragma once

#include <CLI/CLI.hpp>
#include <span>
#include <string_view>

#include "cli/cli_context.h"

namespace drover::cli {

struct CommandSpec {
  std::string_view path;   // "ls", "daemon start": a parent's row comes first
  std::string_view alias;  // "" when none
  std::string_view help;
  void (*configure)(CLI::App& command, CommandArgs& args);
  int (*run)(Context& context);
};

std::span<const CommandSpec> job_commands();     // run, submit, ls, show, cancel, ...
std::span<const CommandSpec> daemon_commands();  // daemon, daemon start|stop|status
std::span<const CommandSpec> log_commands();     // logs, follow
std::span<const CommandSpec> queue_commands();   // queues, queues pause|resume
std::span<const CommandSpec> emit_commands();    // emit

}  // namespace drover::cli
