#include "cli/log_printer.h"

#include <fmt/format.h>

#include <ostream>

namespace drover::cli {
namespace {

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

}  // namespace

Result<std::string> LogPrinter::fetch(LogRequest& request) {
  DROVER_TRY(response, m_context.client().get_text(log_target(request)));
  std::string attempt = response->header("x-drover-attempt");
  if (!request.attempt && !m_attempt.empty() && attempt != m_attempt && !attempt.empty()) {
    std::string rest = m_view.finish();
    m_view = LogView(m_options);
    m_context.err << fmt::format("drover: --- attempt {} ---\n", attempt);
    request.attempt = std::stoi(attempt);
    request.offset = 0;
    m_attempt = attempt;
    auto next = fetch(request);
    if (!next) return next;
    return rest + *next;
  }
  m_attempt = attempt;
  std::string text = m_view.add(response->body);
  note_truncation(*response, request.id);
  request.tail.reset();
  request.offset = std::stoull("0" + response->header("x-drover-next-offset"));
  m_over = job_is_over(*response);
  return text;
}

void LogPrinter::note_truncation(const ApiResponse& response, JobId id) {
  if (m_noted || response.header("x-drover-log-truncated") != "1") return;
  m_context.err << fmt::format(
      "drover: note: the log of job {} was truncated at its size cap (log_max); "
      "later output was not kept\n",
      id);
  m_noted = true;
}

LogViewOptions log_view_options(const Context& context) {
  const CommandArgs& args = context.args;
  LogTimeStyle time = args.no_time ? LogTimeStyle::none
                      : args.utc   ? LogTimeStyle::utc
                                   : LogTimeStyle::local;
  return {args.events, time, context.color};
}

std::optional<LogSource> log_source_of(const Job& job) {
  if (!job.chain) return LogSource{job.id, std::nullopt};
  const std::vector<PhaseRun>& phases = job.chain->phases;
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    if (!phases[i].job) continue;
    if (!chosen || phases[*chosen].state != JobState::running) chosen = i;
  }
  if (!chosen) return std::nullopt;
  return LogSource{*phases[*chosen].job, chosen};
}

std::string describe_phase_source(const Job& chain, const LogSource& source) {
  if (!chain.chain || !source.phase) return fmt::format("job {}", source.job);
  const std::vector<PhaseRun>& phases = chain.chain->phases;
  return fmt::format("phase {}/{} ({}), job {}", *source.phase + 1, phases.size(),
                     phases[*source.phase].phase.type, source.job);
}

}  // namespace drover::cli
