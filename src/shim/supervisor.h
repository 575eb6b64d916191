// The shim's loop: one poll() over the job's pidfd, its stdout and stderr
// pipes and the shim's signalfd, until the job has ended and its output is
// drained. Output goes to OutputLog line by line, stdout's event lines also
// to EventWriter.
//
// Stops: SIGTERM to the shim is a soft stop (SIGTERM to the job's process
// group, SIGKILL after the grace period), SIGUSR1 a hard stop (SIGKILL now);
// with a cgroup, every process in it gets them too.
// After the job's exit, output still held open by a leftover process is
// drained for up to a second; then the group is killed, and a second later
// the pipes are abandoned, so a shim always finishes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/result.h"
#include "os/cgroup.h"
#include "os/fd.h"
#include "os/process.h"
#include "protocol/shim_files.h"
#include "shim/event_writer.h"
#include "shim/line_splitter.h"
#include "shim/output_log.h"

namespace drover {

// The longest line written to output.log as one line; longer ones are cut.
inline constexpr std::size_t kMaxLogLine = 256 * 1024;

// A started job: the leader of its own process group, and in its own
// cgroup when there is one (stops then reach what left the group too).
struct RunningJob {
  int pid = 0;
  UniqueFd pidfd;
  UniqueFd stdout_pipe;  // read ends
  UniqueFd stderr_pipe;
  const Cgroup* cgroup = nullptr;  // owned by the caller; outlives the Supervisor
};

struct SupervisedExit {
  ExitStatus status;
  ShimStop stop = ShimStop::none;
};

class Supervisor {
 public:
  // Called once, as soon as the job has ended and before its output is
  // drained (which may take seconds): the earliest moment its status is known.
  using OnJobEnded = std::function<void(const SupervisedExit&)>;
  // Called after a round of the loop appended events to events.jsonl.
  using OnEventsWritten = std::function<void()>;

  Supervisor(RunningJob job, int signal_fd, Millis grace, OutputLog& log, EventWriter& events,
             OnJobEnded on_job_ended = nullptr, OnEventsWritten on_events_written = nullptr);

  // Runs the loop to the end and reaps the job.
  Result<SupervisedExit> run();

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;
  struct Stream {
    UniqueFd pipe;
    LineSplitter splitter;
    OutputLog::Stream kind;
  };

  Status wait_round(SteadyTime now);
  void handle_signals(SteadyTime now);
  void read_stream(Stream& stream);
  void write_piece(Stream& stream, const LinePiece& piece);
  void close_stream(Stream& stream);
  void check_deadlines(SteadyTime now);
  void signal_job(int signal);
  void on_output_held_open(SteadyTime now);
  void on_job_ended();
  int poll_timeout(SteadyTime now) const;
  bool finished() const;

  int m_job_pid;
  UniqueFd m_job_pidfd;
  const Cgroup* m_cgroup;
  int m_signal_fd;
  std::chrono::milliseconds m_grace;
  OutputLog& m_log;
  EventWriter& m_events;
  OnJobEnded m_on_job_ended;
  OnEventsWritten m_on_events_written;
  Stream m_stdout;
  Stream m_stderr;
  std::vector<char> m_chunk;
  Millis m_now = 0;
  std::int64_t m_stdout_lines = 0;
  bool m_job_ended = false;
  bool m_group_killed_for_drain = false;
  ShimStop m_stop = ShimStop::none;
  std::optional<SteadyTime> m_kill_at;      // soft stop: when SIGKILL follows
  std::optional<SteadyTime> m_drain_until;  // job ended: how long output may linger
};

}  // namespace drover
