// Reading a job's log a chunk at a time, as `drover logs -f` and
// `drover follow --log` do: each fetch returns the rendered lines that came
// since the last one and moves on; a new attempt starts from its beginning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli/cli_context.h"
#include "cli/log_view.h"

namespace drover::cli {

struct LogRequest {
  JobId id = 0;
  std::optional<int> attempt;  // none: the latest, followed into later attempts
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> tail;
};

class LogPrinter {
 public:
  LogPrinter(const Context& context, LogViewOptions options)
      : m_context(context), m_options(options), m_view(options) {}

  // The lines that came since the last fetch, rendered; notes (a new
  // attempt, a truncated log) go to stderr.
  Result<std::string> fetch(LogRequest& request);
  // Whether the last fetch said nothing more will be written.
  bool job_over() const { return m_over; }
  // A last line that had no newline yet.
  std::string finish() { return m_view.finish(); }

 private:
  void note_truncation(const ApiResponse& response, JobId id);

  const Context& m_context;
  LogViewOptions m_options;
  LogView m_view;
  std::string m_attempt;
  bool m_noted = false;
  bool m_over = false;
};

// How `logs` shows lines: --events, --no-time / --utc, colour on a terminal.
LogViewOptions log_view_options(const Context& context);

// Where a job's output is: a chain has none of its own, so its running
// phase's, else its last started phase's; any other job is its own source.
// nullopt for a chain with no phase started yet.
struct LogSource {
  JobId job = 0;
  std::optional<std::size_t> phase;  // 0-based, for a chain
};
std::optional<LogSource> log_source_of(const Job& job);

// "phase 2/3 (index), job 41" for a chain's source.
std::string describe_phase_source(const Job& chain, const LogSource& source);

}  // namespace drover::cli
