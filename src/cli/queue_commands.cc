// queues, queues pause Q, queues resume Q.
#include <fmt/format.h>

#include <array>
#include <ostream>

#include "cli/command_table.h"
#include "cli/job_list_view.h"
#include "cli/table.h"

namespace drover::cli {
namespace {

std::vector<Cell> queue_row(const Json& queue) {
  bool paused = queue.value("paused", false);
  return {{queue.value("name", "")},
          {std::to_string(queue.value("parallel", 0))},
          {std::to_string(queue.value("running", 0))},
          {std::to_string(queue.value("queued", 0))},
          {paused ? "paused" : "", paused ? Color::yellow : Color::none}};
}

int run_queues(Context& context) {
  auto answer = context.client().get("/api/queues");
  if (!answer) return context.fail(answer.error());
  if (context.global.json) return context.print_json(*answer);
  Table table({{"QUEUE"}, {"PARALLEL", true}, {"RUNNING", true}, {"QUEUED", true}, {"STATE"}});
  for (const Json& queue : answer->value("queues", Json::array())) table.add_row(queue_row(queue));
  context.out << render_table(table, context.view());
  return 0;
}

void configure_queue_name(CLI::App& command, CommandArgs& args) {
  command.add_option("QUEUE", args.name, "the queue's name")->required();
}

int set_queue_paused(Context& context, std::string_view verb) {
  auto queue =
      context.client().post(fmt::format("/api/queues/{}/{}", url_encode(context.args.name), verb));
  if (!queue) return context.fail(queue.error());
  if (context.global.json) return context.print_json(*queue);
  bool paused = queue->value("paused", false);
  context.out << fmt::format("queue {} {}\n", context.args.name,
                             paused ? "paused: its queued jobs wait" : "resumed");
  return 0;
}

int run_queue_pause(Context& context) { return set_queue_paused(context, "pause"); }
int run_queue_resume(Context& context) { return set_queue_paused(context, "resume"); }

constexpr std::array<CommandSpec, 3> kQueueCommands{{
    {"queues", "", "the queues, their limits and how busy they are", nullptr, run_queues},
    {"queues pause", "", "hold a queue's queued jobs (running ones go on)", configure_queue_name,
     run_queue_pause},
    {"queues resume", "", "let a paused queue start jobs again", configure_queue_name,
     run_queue_resume},
}};

}  // namespace

std::span<const CommandSpec> queue_commands() { return kQueueCommands; }

}  // namespace drover::cli
