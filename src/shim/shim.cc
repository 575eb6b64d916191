#include "shim/shim.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "os/atomic_file.h"
#include "os/environment.h"
#include "os/pidfd.h"
#include "os/process_identity.h"
#include "os/process_probe.h"
#include "os/reserved_file.h"
#include "os/signals.h"
#include "protocol/attempt_record.h"
#include "protocol/shim_files.h"
#include "shim/event_writer.h"
#include "shim/job_cgroup.h"
#include "shim/news_channel.h"
#include "shim/output_log.h"
#include "shim/redactor.h"
#include "shim/shim_log.h"
#include "shim/supervisor.h"

namespace drover {
namespace {

int fail(const Error& error) {
  shim_say(error.message);
  return kShimFailed;
}

// The attempt, once claimed: the claim and its record, open for the rest.
struct ClaimedAttempt {
  ShimClaim claim;
  UniqueFd record;
};

// Writes `json` into the record's `slot`, in place.
Status write_slot(int record, RecordSlot slot, std::string_view json, bool durable) {
  DROVER_TRY(text, format_slot(slot, json));
  return write_reserved(record, slot.offset, slot.size, *text, durable);
}

Result<ShimSpec> read_spec(const std::filesystem::path& dir, const ShimInput& input) {
  if (!input.spec_text.empty()) return parse_spec(input.spec_text);
  DROVER_TRY(text, read_file(dir / kSpecFile));
  return parse_spec(*text);
}

// Claims the attempt for this shim by creating its record, whole, with
// room for the rest; conflict when the daemon abandoned it.
Result<ClaimedAttempt> claim_attempt(const std::filesystem::path& dir, const ShimSpec& spec) {
  DROVER_TRY(self, identify_process(current_pid()));
  ShimClaim claim{self->pid, self->start_ticks, self->boot_id, spec.token, std::nullopt, false,
                  0,         spec.grace,        spec.cgroup};
  DROVER_TRY(text, format_new_record(claim));
  DROVER_TRY(record, create_open_exclusively(dir / kRecordFile, *text));
  return ClaimedAttempt{std::move(claim), std::move(*record)};
}

// Starts the job with its output going into two fresh pipes, inside
// `cgroup` when there is one.
Result<RunningJob> start_job(const ShimSpec& spec, const Cgroup* cgroup, OutputLog& log) {
  DROVER_TRY(out, make_pipe());
  DROVER_TRY(err, make_pipe());
  SpawnOptions options;
  options.argv = spec.argv;
  options.env = environment_with(spec.env);
  options.cwd = spec.cwd;
  options.stdout_fd = out->write_end.get();
  options.stderr_fd = err->write_end.get();
  options.new_process_group = true;
  DROVER_TRY(pid, cgroup ? spawn_in_cgroup(options, *cgroup, log) : spawn_process(options));
  auto pidfd = open_pidfd(*pid);
  if (!pidfd) return pidfd.error();  // cannot happen for our own unreaped child
  for (Pipe* pipe : {&*out, &*err}) {
    if (Status nonblocking = set_nonblocking(pipe->read_end.get()); !nonblocking) {
      return nonblocking.error();
    }
  }
  // The write ends close here, so the pipes reach end of file when the job's side does.
  return RunningJob{*pid, std::move(*pidfd), std::move(out->read_end), std::move(err->read_end),
                    cgroup};
}

// The exit, in place into the record's exit slot (reserved when the shim
// claimed, so it needs no new space or name) with one fdatasync: the
// attempt's one fsync when the job wrote nothing. exit.json only when the
// record cannot be written.
Status write_exit(const std::filesystem::path& dir, ShimExit exit, OutputLog& log,
                  EventWriter& events, int record) {
  // Data first, then the marker that says it is complete.
  Status synced = log.sync();
  if (Status events_synced = events.sync(); synced && !events_synced) synced = events_synced;
  if (!synced) shim_say(synced.error().message);
  exit.ended_at = SystemClock().now();
  exit.log_bytes = log.bytes();
  exit.log_truncated = log.truncated();
  exit.drained = true;
  std::string text = format_exit(exit);
  Status recorded = write_slot(record, kExitSlot, text, true);
  if (recorded) return recorded;
  Status written = write_file_atomically(dir / kExitFile, text);
  if (!written) {
    return make_error(ErrorCode::io, "{}; nor into {}: {}", recorded.error().message, kExitFile,
                      written.error().message);
  }
  shim_say(recorded.error().message + "; the exit went into " + std::string(kExitFile));
  return {};
}

// Steps 3 to 5 of the story, once the attempt is ours.
int run_claimed(const std::filesystem::path& dir, const ShimSpec& spec, ClaimedAttempt claimed,
                int signal_fd, const NewsChannel& news) {
  int record = claimed.record.get();
  Redactor redactor(spec.redact_patterns);
  std::vector<std::string> pattern_warnings = redactor.warnings();
  // Both files are created by their first line: a quiet job leaves neither.
  OutputLog log(dir / kOutputFile, spec.log_max, kMaxLogLine, std::move(redactor));
  EventWriter events(dir / kEventsFile, log);
  log.set_time(SystemClock().now());
  for (const std::string& warning : pattern_warnings) log.write_note("warning: " + warning);
  ShimExit exit;
  exit.token = spec.token;
  std::optional<Cgroup> cgroup = open_job_cgroup(spec, log);
  auto job = start_job(spec, cgroup ? &*cgroup : nullptr, log);
  if (!job) {
    if (cgroup) release_job_cgroup(*cgroup, log);
    log.write_note("cannot start the job: " + job.error().message);
    exit.exit_code = 127;
    exit.error = job.error().message;
    Status written = write_exit(dir, exit, log, events, record);
    return written ? kShimDone : fail(written.error());
  }
  ShimClaim& claim = claimed.claim;
  claim.job_pid = job->pid;
  // Our unreaped child: its start time cannot change under us.
  if (auto identity = identify_process(job->pid)) claim.job_start_ticks = identity->start_ticks;
  Status recorded = write_slot(record, kStartSlot, format_job_start(claim), false);
  if (!recorded) shim_say(recorded.error().message);
  news.tell(ShimNews::started);

  // The job's end goes into the reserved record the moment it is known,
  // before the output is drained and synced: a shim killed in between still
  // leaves the job's true status (no new disk space, and a killed process
  // loses nothing of the page cache, so no fsync). The drained record,
  // written last, supersedes it.
  auto record_end = [&](const SupervisedExit& ended) {
    ShimExit early = exit;
    early.exit_code = ended.status.exit_code;
    early.signal = ended.status.signal;
    early.stop = ended.stop;
    early.ended_at = SystemClock().now();
    early.log_bytes = log.bytes();
    (void)write_slot(record, kExitSlot, format_exit(early), false);
  };
  Supervisor supervisor(std::move(*job), signal_fd, spec.grace, log, events, record_end,
                        [&news] { news.tell(ShimNews::events); });
  auto ended = supervisor.run();
  if (cgroup) release_job_cgroup(*cgroup, log);
  if (!ended) return fail(ended.error());
  exit.exit_code = ended->status.exit_code;
  exit.signal = ended->status.signal;
  exit.stop = ended->stop;
  Status written = write_exit(dir, exit, log, events, record);
  return written ? kShimDone : fail(written.error());
}

}  // namespace

int run_shim(const std::filesystem::path& attempt_dir, const ShimInput& input) {
  // Before anything else: a stop asked early must wait in the signalfd, not kill us.
  auto signals = block_signals_into_fd({SIGTERM, SIGUSR1});
  if (!signals) return fail(signals.error());
  if (Status ignored = ignore_signals({SIGHUP, SIGINT, SIGPIPE}); !ignored) {
    return fail(ignored.error());
  }
  auto spec = read_spec(attempt_dir, input);
  if (!spec) return fail(spec.error());
  auto claim = claim_attempt(attempt_dir, *spec);
  if (!claim) {
    if (claim.error().code != ErrorCode::conflict) return fail(claim.error());
    shim_say(fmt::format("attempt {} of job {} was already claimed or abandoned; not running it",
                         spec->attempt, spec->job_id));
    return kShimClaimLost;
  }
  NewsChannel news(input.channel_fd);
  news.tell(ShimNews::claimed);
  return run_claimed(attempt_dir, *spec, std::move(*claim), signals->get(), news);
}

}  // namespace drover
