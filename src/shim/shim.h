// drover-shim: the small supervisor of one attempt (DESIGN.md, Running a
// command job). It depends only on core, protocol and os.
//
// The story of a run, in the attempt folder given on the command line (or
// by the launcher that forked this shim, shim_launcher.h):
//   1. take the spec handed over by the launcher (or read spec.json);
//   2. claim the attempt: create attempt.record exclusively, whole, with
//      room for the rest (protocol/attempt_record.h); when the daemon
//      already marked it abandoned, leave without running anything;
//   3. start the job in its own process group (stdin /dev/null, stdout and
//      stderr into pipes, no other descriptor) and record its pid in place;
//   4. supervise it (supervisor.h) until it ended and its output is drained;
//   5. fsync output.log and events.jsonl (when the job wrote them), write
//      the exit in place into the record with one fdatasync.
#pragma once

#include <filesystem>
#include <string>

namespace drover {

// Exit codes of drover-shim itself (the job's status goes into the record).
inline constexpr int kShimDone = 0;    // the exit is recorded
inline constexpr int kShimFailed = 1;  // could not run; see its stderr (shim.log)
inline constexpr int kShimUsage = 2;
inline constexpr int kShimClaimLost = 4;  // the attempt was abandoned; job not run

// What a launcher hands to a shim it forked; an exec'd shim has none of it.
struct ShimInput {
  std::string spec_text;  // empty: read spec.json
  int channel_fd = -1;    // the attempt's channel: news for the daemon; -1: none
};

int run_shim(const std::filesystem::path& attempt_dir, const ShimInput& input = {});

}  // namespace drover
