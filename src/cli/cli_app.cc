#include "cli/cli_app.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <iostream>
#include <iterator>
#include <map>

#include "cli/color.h"
#include "cli/command_table.h"
#include "os/terminal.h"

namespace drover::cli {
namespace {

using CommandFamily = std::span<const CommandSpec> (*)();
constexpr std::array<CommandFamily, 11> kFamilies{
    job_commands,       log_commands,    wait_commands,   queue_commands,
    inventory_commands, chain_commands,  daemon_commands, ui_commands,
    emit_commands,      worker_commands, node_commands};

constexpr std::string_view kDescription =
    "drover runs long jobs in the background: it queues them, shows their progress, and lets "
    "you cancel, pause and resume them.";

struct CommandTree {
  std::map<std::string_view, CLI::App*> by_path;
  std::map<const CLI::App*, const CommandSpec*> specs;
};

void add_global_flags(CLI::App& app, GlobalOptions& global) {
  app.add_option("--state-dir", global.state_dir,
                 "the daemon's state dir (default: $DROVER_STATE_DIR, else "
                 "$XDG_STATE_HOME/drover)");
  app.add_flag("--json", global.json, "print JSON instead of text");
}

void add_command(CLI::App& app, const CommandSpec& spec, CommandArgs& args, GlobalOptions& global,
                 CommandTree& tree) {
  std::size_t space = spec.path.rfind(' ');
  CLI::App* parent = &app;
  if (space != std::string_view::npos) parent = tree.by_path.at(spec.path.substr(0, space));
  std::string name(space == std::string_view::npos ? spec.path : spec.path.substr(space + 1));
  CLI::App* command = parent->add_subcommand(name, std::string(spec.help));
  if (!spec.alias.empty()) command->alias(std::string(spec.alias));
  if (spec.configure) spec.configure(*command, args);
  if (command->get_prefix_command()) {
    // Its words must not fall through to the top level, so it takes the global flags itself.
    command->fallthrough(false);
    add_global_flags(*command, global);
  }
  tree.by_path[spec.path] = command;
  tree.specs[command] = &spec;
}

// The command the user chose: the deepest subcommand that was parsed.
const CLI::App* chosen_command(const CLI::App& app) {
  const CLI::App* command = &app;
  for (auto parsed = command->get_subcommands(); !parsed.empty();
       parsed = command->get_subcommands()) {
    command = parsed.front();
  }
  return command;
}

int report_parse_error(CLI::App& app, const CLI::ParseError& error, const CliIo& io) {
  if (error.get_exit_code() == 0) {  // --help, --version
    return app.exit(error, io.out, io.err);
  }
  io.err << "drover: " << error.what() << "\n"
         << "Run `drover --help` (or `drover COMMAND --help`) for usage.\n";
  return 2;
}

// Edits (insert, delete, replace) from `a` to `b`: how close a typo is.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The index of the command name in `args`: the first word that is neither
// an option nor the value of --state-dir; args.size() when there is none.
std::size_t command_word_index(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (args[i] == "--state-dir") {
      ++i;
      continue;
    }
    if (!args[i].starts_with("-")) return i;
  }
  return args.size();
}

// "unknown command `sho`; did you mean `show`?" (exit 2), or nullopt when
// `word` names a command and CLI11 may go on.
std::optional<int> check_command_name(const CLI::App& app, const std::string& word,
                                      const CliIo& io) {
  std::string nearest;
  std::size_t best = std::string::npos;
  for (const CLI::App* command : app.get_subcommands({})) {
    if (command->check_name(word)) return std::nullopt;
    std::size_t distance = edit_distance(word, command->get_name());
    if (distance < best) {
      best = distance;
      nearest = command->get_name();
    }
  }
  io.err << "drover: unknown command `" << word << "`";
  if (best <= std::max<std::size_t>(2, word.size() / 3)) {
    io.err << "; did you mean `" << nearest << "`?\n";
  } else {
    io.err << "; `drover help` lists the commands\n";
  }
  return 2;
}

// Which rows of the table to build. CLI11 makes each command with its options
// and validators up front, which costs a short command (`drover run`) more
// CPU than the rest of its work: so only the named command's rows are built;
// all of them for help and for an unknown name (the typo hint needs them).
struct RowFilter {
  bool all = true;
  std::string_view top;  // the top-level command's name; "" for none (a bare --version)

  bool wants(const CommandSpec& spec) const {
    return all || (!top.empty() && spec.path.substr(0, spec.path.find(' ')) == top);
  }
};

bool has_word(const std::vector<std::string>& args, std::string_view word) {
  return std::find(args.begin(), args.end(), word) != args.end();
}

RowFilter row_filter(const std::vector<std::string>& args, std::size_t word) {
  if (has_word(args, "--help") || has_word(args, "-h")) return {};
  if (word == args.size()) return {!has_word(args, "--version"), ""};
  for (CommandFamily family : kFamilies) {
    for (const CommandSpec& spec : family()) {
      bool top_level = spec.path.find(' ') == std::string_view::npos;
      if (top_level && (spec.path == args[word] || spec.alias == args[word])) {
        return {false, spec.path};
      }
    }
  }
  return {};
}

// `drover` alone and `drover help` show the help, as git and pueue do.
bool shows_help(const std::vector<std::string>& args, std::size_t word) {
  if (word < args.size()) return args[word] == "help";
  return !has_word(args, "--version") && !has_word(args, "--help") && !has_word(args, "-h");
}

void build_app(CLI::App& app, GlobalOptions& global, CommandArgs& args, CommandTree& tree,
               const RowFilter& filter) {
  app.fallthrough();  // global flags after the command name reach the top level
  app.require_subcommand(1);
  add_global_flags(app, global);
  app.set_version_flag("--version", DROVER_VERSION);
  for (CommandFamily family : kFamilies) {
    for (const CommandSpec& spec : family()) {
      if (filter.wants(spec)) add_command(app, spec, args, global, tree);
    }
  }
}

}  // namespace

Result<JobId> parse_job_id(std::string_view text) {
  JobId id = 0;
  auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (failure != std::errc() || end != text.data() + text.size() || id < 1) {
    return make_error(ErrorCode::usage,
                      "job id must be a number, got \"{}\" (`drover ls` lists the jobs)", text);
  }
  return id;
}

void add_job_id(CLI::App& command, JobId& id, const std::string& help) {
  CLI::Validator job_id(
      [](std::string& text) {
        Result<JobId> parsed = parse_job_id(text);
        return parsed ? std::string() : parsed.error().message;
      },
      "", "job id");
  command.add_option("ID", id, help)->required()->check(job_id);
}

void take_rest_as_words(CLI::App& command, CommandArgs& args, const std::string& usage) {
  command.prefix_command();
  command.footer("Usage: drover " + command.get_name() + " [OPTIONS] " + usage);
  command.callback([&command, &args] { args.words = command.remaining(); });
}

int run_cli(const std::vector<std::string>& args, const CliIo& io, const CliHooks& hooks) {
  // CLI11 answers --version by throwing: the answer needs neither that
  // unwinding nor the command tree, both start-up CPU.
  if (args.size() == 1 && args[0] == "--version") {
    io.out << DROVER_VERSION << "\n";
    return 0;
  }
  CLI::App app(std::string(kDescription), "drover");
  GlobalOptions global;
  CommandArgs command_args;
  CommandTree tree;
  std::size_t word = command_word_index(args);
  build_app(app, global, command_args, tree, row_filter(args, word));
  if (shows_help(args, word)) {
    io.out << app.help();
    return 0;
  }
  if (word < args.size()) {
    if (auto refused = check_command_name(app, args[word], io)) return *refused;
  }
  // Words after the first "--" are the command's own (run's argv): CLI11 never sees them.
  auto dash_dash = std::find(args.begin(), args.end(), "--");
  std::vector<std::string> reversed(std::make_reverse_iterator(dash_dash), args.rend());
  try {
    app.parse(reversed);  // CLI11 parses from the back
  } catch (const CLI::ParseError& error) {
    return report_parse_error(app, error, io);
  }
  const CLI::App* chosen = chosen_command(app);
  if (dash_dash != args.end()) {
    if (!chosen->get_prefix_command()) {
      io.err << "drover: `" << chosen->get_name() << "` takes no arguments after --\n";
      return 2;
    }
    command_args.words.insert(command_args.words.end(), dash_dash + 1, args.end());
  }
  Context context{global,        command_args,  io.out,   io.err,   io.clock, hooks,
                  io.out_is_tty, io.err_is_tty, io.color, io.width, io.in};
  return tree.specs.at(chosen)->run(context);
}

int run_cli_main(int argc, char** argv, const CliHooks& hooks) {
  std::vector<std::string> args(argv + 1, argv + argc);
  SystemClock clock;
  bool out_tty = is_terminal(STDOUT_FILENO);
  CliIo io{std::cout,
           std::cerr,
           clock,
           out_tty,
           is_terminal(STDERR_FILENO),
           stdout_wants_color(),
           out_tty ? terminal_columns(STDOUT_FILENO) : 0,
           &std::cin};
  return run_cli(args, io, hooks);
}

}  // namespace drover::cli
