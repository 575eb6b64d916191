// `drover workers`: the workers connected to the daemon (DESIGN.md, Worker
// jobs): who they are, what they serve, what they hold, when last heard of.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <ostream>

#include "cli/command_table.h"
#include "cli/humanize.h"
#include "cli/table.h"

namespace drover::cli {
namespace {

std::string jobs_text(const Json& jobs) {
  std::string text;
  for (const Json& id : jobs) text += (text.empty() ? "" : " ") + std::to_string(id.get<JobId>());
  return text;
}

std::string seen_text(const Json& worker, Millis now) {
  if (worker.value("fetching", false)) return "fetching now";
  const Json& seen = worker.value("last_seen", Json());
  auto at = seen.is_string() ? parse_rfc3339(seen.get<std::string>()) : std::nullopt;
  return at ? humanize_relative(*at, now) : "";
}

int run_workers(Context& context) {
  auto answer = context.client().get("/api/workers");
  if (!answer) return context.fail(answer.error());
  if (context.global.json) return context.print_json((*answer)["workers"]);
  Table table({{"WORKER"}, {"HOST"}, {"PID", true}, {"TYPES"}, {"JOBS", false, 1}, {"SEEN"}});
  for (const Json& worker : (*answer)["workers"]) {
    table.add_row(
        {{worker.value("id", "")},
         {worker.value("host", "")},
         {std::to_string(worker.value("pid", 0))},
         {fmt::format("{}", fmt::join(worker.value("types", std::vector<std::string>{}), ","))},
         {jobs_text(worker["jobs"])},
         {seen_text(worker, context.view().now)}});
  }
  if (table.empty()) {
    context.out << "No workers connected. Types with runner = \"worker\" wait for one: see "
                   "clients/python and clients/node.\n";
    return 0;
  }
  context.out << render_table(table, context.view());
  return 0;
}

constexpr std::array<CommandSpec, 1> kWorkerCommands{{
    {"workers", "", "the workers connected: id, host, pid, types, jobs in hand, last heard of",
     nullptr, run_workers},
}};

}  // namespace

std::span<const CommandSpec> worker_commands() { return kWorkerCommands; }

}  // namespace drover::cli
