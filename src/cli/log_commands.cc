// logs and follow: reading a job's output, and watching its progress.
#include <fmt/format.h>

#include <array>
#include <ostream>

#include "cli/command_table.h"
#include "cli/follow.h"
#include "cli/interrupt_flag.h"

namespace drover::cli {
namespace {

constexpr std::chrono::milliseconds kLogPollInterval{200};

struct LogRequest {
  JobId id = 0;
  std::optional<int> attempt;
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> tail;
};

std::string log_target(const LogRequest& request) {
  std::string target = fmt::format("/api/jobs/{}/logs?", request.id);
  if (request.tail) {
    target += fmt::format("tail={}", *request.tail);
  } else {
    target += fmt::format("offset={}", request.offset);
  }
  if (request.attempt) target += fmt::format("&attempt={}", *request.attempt);
  return target;
}

bool job_is_over(const ApiResponse& response) {
  if (response.header("x-drover-log-finished") == "1") return true;
  auto state = parse_state(response.header("x-drover-job-state"));
  return state && is_finished(*state);
}

// Prints one chunk and moves the request on; a new attempt starts from its beginning.
class LogPrinter {
 public:
  explicit LogPrinter(Context& context) : m_context(context) {}

  Status fetch(LogRequest& request) {
    auto response = m_context.client().get_text(log_target(request));
    if (!response) return response.error();
    std::string attempt = response->header("x-drover-attempt");
    if (!request.attempt && !m_attempt.empty() && attempt != m_attempt && !attempt.empty()) {
      m_context.err << fmt::format("drover: --- attempt {} ---\n", attempt);
      request.attempt = std::stoi(attempt);
      request.offset = 0;
      m_attempt = attempt;
      return fetch(request);
    }
    m_attempt = attempt;
    m_context.out << response->body;
    m_context.out.flush();
    note_truncation(*response, request.id);
    request.tail.reset();
    request.offset = std::stoull("0" + response->header("x-drover-next-offset"));
    m_over = job_is_over(*response);
    return {};
  }
  bool job_over() const { return m_over; }

 private:
  void note_truncation(const ApiResponse& response, JobId id) {
    if (m_noted || response.header("x-drover-log-truncated") != "1") return;
    m_context.err << fmt::format(
        "drover: note: the log of job {} was truncated at its size cap (log_max); "
        "later output was not kept\n",
        id);
    m_noted = true;
  }

  Context& m_context;
  std::string m_attempt;
  bool m_noted = false;
  bool m_over = false;
};

void configure_logs(CLI::App& command, CommandArgs& args) {
  command.add_option("ID", args.id, "the job's id")->required();
  command.add_flag("-f,--follow", args.follow, "keep printing new output until the job ends");
  command.add_option("-n,--lines", args.lines, "only the last N lines");
  command.add_option("--attempt", args.attempt, "this attempt's log (default: the latest)");
}

int run_logs(Context& context) {
  LogRequest request{context.args.id, context.args.attempt, 0, context.args.lines};
  LogPrinter printer(context);
  if (auto status = printer.fetch(request); !status) return context.fail(status.error());
  if (!context.args.follow) return 0;
  InterruptFlag interrupt;
  while (!printer.job_over()) {
    if (!interrupt.sleep_for(kLogPollInterval)) return 130;
    if (auto status = printer.fetch(request); !status) return context.fail(status.error());
  }
  // The state said finished: one more read for what was written just before.
  if (auto status = printer.fetch(request); !status) return context.fail(status.error());
  return 0;
}

void configure_follow(CLI::App& command, CommandArgs& args) {
  command.add_option("ID", args.id, "the job's id")->required();
}

int run_follow(Context& context) { return follow_job(context, context.args.id); }

constexpr std::array<CommandSpec, 2> kLogCommands{{
    {"logs", "", "a job's output: drover logs ID [-f] [-n N] [--attempt K]", configure_logs,
     run_logs},
    {"follow", "", "watch a job's progress until it ends (Ctrl-C leaves it running)",
     configure_follow, run_follow},
}};

}  // namespace

std::span<const CommandSpec> log_commands() { return kLogCommands; }

}  // namespace drover::cli
