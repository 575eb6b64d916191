// emit: prints an `@drover ...` event line for job scripts; needs no daemon.
#include <array>
#include <ostream>

#include "cli/command_table.h"
#include "cli/emit_line.h"

namespace drover::cli {
namespace {

void configure_emit(CLI::App& command, CommandArgs& args) {
  take_rest_as_words(command, args, "progress 3/10 ITEM | total N | item ok NAME | ...");
}

int run_emit(Context& context) {
  std::vector<std::string> words = context.args.words;
  auto line = emit_line(words, context.clock.now());
  if (!line) return context.fail(line.error());
  context.out << *line << "\n";
  context.out.flush();
  return 0;
}

constexpr std::array<CommandSpec, 1> kEmitCommands{{
    {"emit", "", "print a job event line (for job scripts): drover emit progress 3/10 ITEM",
     configure_emit, run_emit},
}};

}  // namespace

std::span<const CommandSpec> emit_commands() { return kEmitCommands; }

}  // namespace drover::cli
