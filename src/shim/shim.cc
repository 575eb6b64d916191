#include "shim/shim.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>

#include "os/atomic_file.h"
#include "os/environment.h"
#include "os/pidfd.h"
#include "os/process_identity.h"
#include "os/process_probe.h"
#include "os/reserved_file.h"
#include "os/signals.h"
#include "protocol/shim_files.h"
#include "shim/event_writer.h"
#include "shim/job_cgroup.h"
#include "shim/news_channel.h"
#include "shim/output_log.h"
#include "shim/redactor.h"
#include "shim/supervisor.h"

namespace drover {
namespace {

int fail(const Error& error) {
  std::fprintf(stderr, "drover-shim: %s\n", error.message.c_str());
  return kShimFailed;
}

Result<ShimSpec> read_spec(const std::filesystem::path& dir, const ShimInput& input) {
  if (!input.spec_text.empty()) return parse_spec(input.spec_text);
  DROVER_TRY(text, read_file(dir / kSpecFile));
  return parse_spec(*text);
}

// Claims the attempt for this shim; conflict when the daemon abandoned it.
Result<ShimClaim> claim_attempt(const std::filesystem::path& dir, const ShimSpec& spec) {
  DROVER_TRY(self, identify_process(current_pid()));
  ShimClaim claim{self->pid, self->start_ticks, self->boot_id, spec.token, std::nullopt, false, 0};
  Status created =
      create_file_exclusively(dir / kClaimFile, format_claim(claim), FileSync::within_boot);
  if (!created) return created.error();
  return claim;
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

// The exit, in place into exit.record (reserved before the job ran, so it
// needs no new space or name) with one fdatasync: the attempt's one fsync
// when the job wrote nothing. exit.json only when the record cannot be
// written.
Status write_exit(const std::filesystem::path& dir, ShimExit exit, OutputLog& log,
                  EventWriter& events, int exit_record) {
  // Data first, then the marker that says it is complete.
  Status synced = log.sync();
  if (Status events_synced = events.sync(); synced && !events_synced) synced = events_synced;
  if (!synced) std::fprintf(stderr, "drover-shim: %s\n", synced.error().message.c_str());
  exit.ended_at = SystemClock().now();
  exit.log_bytes = log.bytes();
  exit.log_truncated = log.truncated();
  exit.drained = true;
  std::string text = format_exit(exit);
  Status recorded = write_reserved(exit_record, kExitRecordSize, text);
  if (recorded) return recorded;
  Status written = write_file_atomically(dir / kExitFile, text);
  if (!written) {
    return make_error(ErrorCode::io, "{}; nor into {}: {}", recorded.error().message, kExitFile,
                      written.error().message);
  }
  std::fprintf(stderr, "drover-shim: %s; the exit went into %s\n", recorded.error().message.c_str(),
               std::string(kExitFile).c_str());
  return {};
}

// Steps 3 to 5 of the story, once the attempt is ours.
int run_claimed(const std::filesystem::path& dir, const ShimSpec& spec, ShimClaim claim,
                int signal_fd, const NewsChannel& news) {
  Redactor redactor(spec.redact_patterns);
  std::vector<std::string> pattern_warnings = redactor.warnings();
  // Both files are created by their first line: a quiet job leaves neither.
  OutputLog log(dir / kOutputFile, spec.log_max, kMaxLogLine, std::move(redactor));
  EventWriter events(dir / kEventsFile, log);
  log.set_time(SystemClock().now());
  for (const std::string& warning : pattern_warnings) log.write_note("warning: " + warning);
  // Before the job runs: its exit must find room even when the disk fills up meanwhile.
  auto exit_record = reserve_file(dir / kExitRecordFile, kExitRecordSize);
  if (!exit_record) return fail(exit_record.error());

  ShimExit exit;
  exit.token = spec.token;
  std::optional<Cgroup> cgroup = open_job_cgroup(spec, log);
  auto job = start_job(spec, cgroup ? &*cgroup : nullptr, log);
  if (!job) {
    if (cgroup) release_job_cgroup(*cgroup, log);
    log.write_note("cannot start the job: " + job.error().message);
    exit.exit_code = 127;
    exit.error = job.error().message;
    Status written = write_exit(dir, exit, log, events, exit_record->get());
    return written ? kShimDone : fail(written.error());
  }
  claim.job_pid = job->pid;
  // Our unreaped child: its start time cannot change under us.
  if (auto identity = identify_process(job->pid)) claim.job_start_ticks = identity->start_ticks;
  Status recorded =
      write_file_atomically(dir / kClaimFile, format_claim(claim), FileSync::within_boot);
  if (!recorded) std::fprintf(stderr, "drover-shim: %s\n", recorded.error().message.c_str());
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
    (void)write_reserved(exit_record->get(), kExitRecordSize, format_exit(early), false);
  };
  Supervisor supervisor(std::move(*job), signal_fd, spec.grace, log, events, record_end,
                        [&news] { news.tell(ShimNews::events); });
  auto ended = supervisor.run();
  if (cgroup) release_job_cgroup(*cgroup, log);
  if (!ended) return fail(ended.error());
  exit.exit_code = ended->status.exit_code;
  exit.signal = ended->status.signal;
  exit.stop = ended->stop;
  Status written = write_exit(dir, exit, log, events, exit_record->get());
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
    std::fprintf(stderr,
                 "drover-shim: attempt %d of job %lld was already claimed or abandoned; "
                 "not running it\n",
                 spec->attempt, static_cast<long long>(spec->job_id));
    return kShimClaimLost;
  }
  NewsChannel news(input.channel_fd);
  news.tell(ShimNews::claimed);
  return run_claimed(attempt_dir, *spec, std::move(*claim), signals->get(), news);
}

}  // namespace drover
