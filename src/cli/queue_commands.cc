// queues, queues pause Q, queues resume Q, queues set Q parallel=N.
#include <fmt/format.h>

#include <array>
#include <charconv>
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

void configure_queue_set(CLI::App& command, CommandArgs& args) {
  configure_queue_name(command, args);
  command.add_option("SETTING", args.words, "parallel=N: run at most N jobs at once")->required();
}

// "parallel=N" with N a positive integer, the one setting a queue has at run time.
Result<int> parse_parallel_setting(const std::vector<std::string>& settings) {
  constexpr std::string_view kKey = "parallel=";
  if (settings.size() != 1 || !settings[0].starts_with(kKey)) {
    return make_error(ErrorCode::usage,
                      "expected parallel=N, e.g. drover queues set default "
                      "parallel=2");
  }
  std::string_view text = std::string_view(settings[0]).substr(kKey.size());
  int parallel = 0;
  auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), parallel);
  if (failure != std::errc() || end != text.data() + text.size() || parallel < 1) {
    return make_error(ErrorCode::usage,
                      "parallel must be a positive integer, got \"{}\" (to hold a queue's jobs, "
                      "use `drover queues pause`)",
                      text);
  }
  return parallel;
}

int run_queue_set(Context& context) {
  Result<int> parallel = parse_parallel_setting(context.args.words);
  if (!parallel) return context.fail(parallel.error());
  auto queue = context.client().post(fmt::format("/api/queues/{}", url_encode(context.args.name)),
                                     {{"parallel", *parallel}});
  if (!queue) return context.fail(queue.error());
  if (context.global.json) return context.print_json(*queue);
  context.out << fmt::format(
      "queue {}: parallel {} until the daemon reloads or restarts (drover.toml keeps the "
      "lasting value)\n",
      context.args.name, queue->value("parallel", *parallel));
  return 0;
}

int run_queue_pause(Context& context) { return set_queue_paused(context, "pause"); }
int run_queue_resume(Context& context) { return set_queue_paused(context, "resume"); }

constexpr std::array<CommandSpec, 4> kQueueCommands{{
    {"queues", "", "the queues, their limits and how busy they are", nullptr, run_queues},
    {"queues pause", "", "hold a queue's queued jobs (running ones go on)", configure_queue_name,
     run_queue_pause},
    {"queues resume", "", "let a paused queue start jobs again", configure_queue_name,
     run_queue_resume},
    {"queues set", "", "change a queue's limit now: drover queues set QUEUE parallel=N",
     configure_queue_set, run_queue_set},
}};

}  // namespace

std::span<const CommandSpec> queue_commands() { return kQueueCommands; }

}  // namespace drover::cli
