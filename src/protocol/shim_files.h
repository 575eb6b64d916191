// The files of an attempt folder (state_dir/jobs/<id>/<n>/) and their JSON
// formats: the whole protocol between the daemon and drover-shim.
//
//   attempt.record  the shim's claim, the job's pid and its exit, in slots
//                   of one file (attempt_record.h). Created exclusively as
//                   the shim's first act; when the daemon's reconciler
//                   finds none it creates one itself, marked abandoned; a
//                   shim that then loses the race exits without running the
//                   job, so "never started" is certain.
//   events.jsonl    shim -> daemon, appended (event_record.h); made by the
//                   first event.
//   output.log      the job's stdout and stderr, timestamped, size-capped;
//                   made by the first line.
//   shim.log        what the shim itself has to say (why it failed); made
//                   by the first message.
//   spec.json       daemon -> shim, what to run: only for a shim the daemon
//                   execs (a launcher hands the spec over its socket).
//   exit.json       the exit, written atomically, only when the record
//                   could not be written; read first when present.
//
// Every file names the attempt's token, so a late write of a stale attempt
// can be recognised and refused. These are pure formats: reading and writing
// the files goes through os/atomic_file.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/job.h"
#include "core/result.h"

namespace drover {

inline constexpr std::string_view kSpecFile = "spec.json";
inline constexpr std::string_view kExitFile = "exit.json";
inline constexpr std::string_view kEventsFile = "events.jsonl";
inline constexpr std::string_view kOutputFile = "output.log";
inline constexpr std::string_view kShimLogFile = "shim.log";  // the shim's own stderr
inline constexpr std::string_view kCheckpointFile = "checkpoint.json";

struct ShimSpec {
  JobId job_id = 0;
  int attempt = 0;
  std::string token;
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;  // added to the shim's environment
  std::string cwd;
  std::uint64_t log_max = 50ull * 1024 * 1024;
  Millis grace = 10'000;        // soft stop: SIGTERM, this long, then SIGKILL
  std::string checkpoint_path;  // empty: no checkpoint
  // ECMAScript regexes whose matches the shim hides in output.log, besides
  // its built-in ones (drover.toml: [redact] patterns).
  std::vector<std::string> redact_patterns;
  // The attempt's own cgroup v2 folder, which the shim creates and puts the
  // job in; empty: the job's process group is all that contains it.
  std::string cgroup;
  std::optional<std::uint64_t> memory_max;  // bytes, written to memory.max
  std::optional<double> cpu_max;            // CPUs (0.5 = half of one), written to cpu.max
};

struct ShimClaim {
  int shim_pid = 0;
  std::uint64_t shim_start_ticks = 0;
  std::string boot_id;
  std::string token;
  std::optional<int> job_pid;  // set once the job runs
  bool abandoned = false;      // written by the daemon: no shim may run this attempt
  // The job's start time (with boot_id): a job outliving its shim is found
  // by PID + start time, never by a bare PID. 0 when the shim could not read it.
  std::uint64_t job_start_ticks = 0;
  // From the spec, for the daemon once the shim is gone: the grace of a
  // soft stop of a job that outlived it, and the cgroup to empty.
  Millis grace = 10'000;
  std::string cgroup;
};

enum class ShimStop { none, soft, hard };

struct ShimExit {
  std::string token;
  std::optional<int> exit_code;
  std::optional<int> signal;
  Millis ended_at = 0;
  std::uint64_t log_bytes = 0;
  bool log_truncated = false;
  ShimStop stop = ShimStop::none;  // which stop the shim was asked for, if any
  std::string error;               // the job could not be started: why (exit_code is 127 then)
  bool drained = false;            // written once the output was drained: the shim's last word
};

std::string format_spec(const ShimSpec& spec);
Result<ShimSpec> parse_spec(std::string_view text);

std::string format_claim(const ShimClaim& claim);
Result<ShimClaim> parse_claim(std::string_view text);

std::string format_exit(const ShimExit& exit);
Result<ShimExit> parse_exit(std::string_view text);

}  // namespace drover
