#include "shim/supervisor.h"

#include <signal.h>

#include <array>

#include "core/duration.h"
#include "os/poll.h"
#include "os/signals.h"

namespace drover {
namespace {

constexpr std::size_t kChunkSize = 256 * 1024;
constexpr std::chrono::milliseconds kDrainLimit{1000};

Millis wall_clock_now() { return SystemClock().now(); }

}  // namespace

Supervisor::Supervisor(RunningJob job, int signal_fd, Millis grace, OutputLog& log,
                       EventWriter& events, OnJobEnded on_job_ended,
                       OnEventsWritten on_events_written)
    : m_job_pid(job.pid),
      m_job_pidfd(std::move(job.pidfd)),
      m_cgroup(job.cgroup),
      m_signal_fd(signal_fd),
      m_grace(grace),
      m_log(log),
      m_events(events),
      m_on_job_ended(std::move(on_job_ended)),
      m_on_events_written(std::move(on_events_written)),
      m_stdout{std::move(job.stdout_pipe), LineSplitter(kMaxLogLine), OutputLog::Stream::out},
      m_stderr{std::move(job.stderr_pipe), LineSplitter(kMaxLogLine), OutputLog::Stream::err},
      m_chunk(kChunkSize) {}

Result<SupervisedExit> Supervisor::run() {
  while (!finished()) {
    auto now = std::chrono::steady_clock::now();
    Status waited = wait_round(now);
    if (!waited) return waited.error();
    check_deadlines(std::chrono::steady_clock::now());
    m_log.flush();
    if (m_events.flush() && m_on_events_written) m_on_events_written();
  }
  DROVER_TRY(status, wait_for_exit(m_job_pid));
  return SupervisedExit{*status, m_stop};
}

bool Supervisor::finished() const {
  return m_job_ended && !m_stdout.pipe.valid() && !m_stderr.pipe.valid();
}

// One poll() and whatever became readable.
Status Supervisor::wait_round(SteadyTime now) {
  std::array<PollEntry, 4> entries{{{m_signal_fd},
                                    {m_job_ended ? -1 : m_job_pidfd.get()},
                                    {m_stdout.pipe.get()},
                                    {m_stderr.pipe.get()}}};
  Status waited = wait_readable(entries, poll_timeout(now));
  if (!waited) return waited;
  m_now = wall_clock_now();
  m_log.set_time(m_now);
  if (entries[0].readable) handle_signals(std::chrono::steady_clock::now());
  if (entries[2].readable) read_stream(m_stdout);
  if (entries[3].readable) read_stream(m_stderr);
  if (entries[1].readable) on_job_ended();
  return {};
}

void Supervisor::on_job_ended() {
  m_job_ended = true;
  m_drain_until = std::chrono::steady_clock::now() + kDrainLimit;
  if (!m_on_job_ended) return;
  if (auto status = peek_exit(m_job_pid)) m_on_job_ended(SupervisedExit{*status, m_stop});
}

int Supervisor::poll_timeout(SteadyTime now) const {
  std::optional<SteadyTime> next = m_drain_until;
  if (m_kill_at && !m_job_ended && (!next || *m_kill_at < *next)) next = m_kill_at;
  if (!next) return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*next - now).count();
  return left <= 0 ? 0 : static_cast<int>(left) + 1;
}

void Supervisor::handle_signals(SteadyTime now) {
  while (auto signal = read_pending_signal(m_signal_fd)) {
    if (*signal == SIGUSR1) {
      m_stop = ShimStop::hard;
      m_kill_at.reset();
      m_log.write_note("hard stop: SIGKILL sent to the job");
      signal_job(SIGKILL);
    } else if (*signal == SIGTERM && m_stop == ShimStop::none) {
      m_stop = ShimStop::soft;
      m_kill_at = now + m_grace;
      m_log.write_note(fmt::format("soft stop: SIGTERM sent to the job, SIGKILL in {}",
                                   format_duration(m_grace.count())));
      signal_job(SIGTERM);
    }
  }
}

// The job's process group, and everything in its cgroup (what called setsid too).
void Supervisor::signal_job(int signal) {
  (void)signal_process_group(m_job_pid, signal);
  if (m_cgroup == nullptr) return;
  if (signal == SIGKILL) {
    (void)m_cgroup->kill_all();
  } else {
    (void)m_cgroup->signal_all(signal);
  }
}

void Supervisor::read_stream(Stream& stream) {
  auto outcome = read_some(stream.pipe.get(), m_chunk);
  if (!outcome || outcome->end_of_file) {
    close_stream(stream);
    return;
  }
  std::string_view chunk(m_chunk.data(), outcome->bytes);
  stream.splitter.feed(chunk, [&](const LinePiece& piece) { write_piece(stream, piece); });
}

void Supervisor::write_piece(Stream& stream, const LinePiece& piece) {
  // Events are parsed from the line as logged: redacted, so no secret reaches them.
  LinePiece written = m_log.write_piece(stream.kind, piece);
  if (stream.kind == OutputLog::Stream::out) {
    if (piece.starts_line) ++m_stdout_lines;
    m_events.consider(written, m_stdout_lines, m_now);  // after the line: a warning follows it
  }
}

void Supervisor::close_stream(Stream& stream) {
  stream.splitter.finish([&](const LinePiece& piece) { write_piece(stream, piece); });
  stream.pipe.reset();
}

void Supervisor::check_deadlines(SteadyTime now) {
  if (m_kill_at && !m_job_ended && now >= *m_kill_at) {
    m_kill_at.reset();
    m_log.write_note("grace period over: SIGKILL sent to the job");
    signal_job(SIGKILL);
  }
  if (m_drain_until && now >= *m_drain_until && !finished()) on_output_held_open(now);
}

// The job ended but something it started still holds its stdout or stderr.
void Supervisor::on_output_held_open(SteadyTime now) {
  if (!m_group_killed_for_drain) {
    m_group_killed_for_drain = true;
    m_drain_until = now + kDrainLimit;
    m_log.write_note("the job ended but its output is still open; killing its process group");
    signal_job(SIGKILL);
    return;
  }
  m_log.write_note("output still open after killing the process group; no longer reading it");
  m_drain_until.reset();
  if (m_stdout.pipe.valid()) close_stream(m_stdout);
  if (m_stderr.pipe.valid()) close_stream(m_stderr);
}

}  // namespace drover
