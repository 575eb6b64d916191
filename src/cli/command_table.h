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

// From the first word that is not one of `command`'s options on, every word
// is the command's own (`drover run ls -la`, `drover emit item fail x -1`):
// they land in args.words, in order. `usage` is shown in --help.
void take_rest_as_words(CLI::App& command, CommandArgs& args, const std::string& usage);

// The ID positional of a command, required; "abc" is a usage error saying the
// id must be a number.
void add_job_id(CLI::App& command, JobId& id, const std::string& help = "the job's id");
// A job id as typed: a positive integer, else a usage error.
Result<JobId> parse_job_id(std::string_view text);

std::span<const CommandSpec> job_commands();        // run, submit, ls, show, cancel, ...
std::span<const CommandSpec> daemon_commands();     // daemon, daemon start|stop|status
std::span<const CommandSpec> log_commands();        // logs, follow
std::span<const CommandSpec> queue_commands();      // queues, queues pause|resume|set
std::span<const CommandSpec> emit_commands();       // emit
std::span<const CommandSpec> wait_commands();       // wait
std::span<const CommandSpec> ui_commands();         // ui
std::span<const CommandSpec> inventory_commands();  // interrupted, resources, types
std::span<const CommandSpec> chain_commands();      // chain validate|submit, template ...
std::span<const CommandSpec> worker_commands();     // workers
std::span<const CommandSpec> node_commands();       // nodes

}  // namespace drover::cli
