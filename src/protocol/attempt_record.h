// The attempt record (attempt.record): the one file through which a shim
// tells the daemon what became of its attempt. It holds three slots at
// fixed offsets, each a JSON object padded with spaces (and a newline):
//
//   claim  [0, 3072)     the shim's claim (shim_files.h: ShimClaim), in the
//                        file when it gets its name: the record is created
//                        whole and exclusively (link(2)), so "claimed" and
//                        "abandoned by the daemon" race for one name;
//   start  [3072, 4096)  the job's pid and start time, written in place
//                        once the job runs (not synced: a reboot ends the
//                        attempt anyway);
//   exit   [4096, 8192)  the job's exit (ShimExit), written in place: first
//                        the moment it ended (not synced), then once its
//                        output was drained ("drained", one fdatasync). Its
//                        own page, so one write never tears two slots.
//
// The shim writes the whole 8 KiB when it claims: the exit then needs no new
// space even on a full disk. A blank slot (spaces only) or one past the end
// of the file (the daemon's abandoned claim is the claim slot alone) says
// nothing yet. Pure formats: the files are read and written through os/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"
#include "protocol/shim_files.h"

namespace drover {

inline constexpr std::string_view kRecordFile = "attempt.record";

struct RecordSlot {
  std::size_t offset = 0;
  std::size_t size = 0;
};

inline constexpr RecordSlot kClaimSlot{0, 3072};
inline constexpr RecordSlot kStartSlot{3072, 1024};
inline constexpr RecordSlot kExitSlot{4096, 4096};
inline constexpr std::size_t kRecordSize = 8192;

// `json` padded with spaces to the slot's size, ending in a newline;
// invalid when it does not fit.
Result<std::string> format_slot(RecordSlot slot, std::string_view json);

// A new record holding `claim`: the whole file, blank slots included
// (`reserve`), or the claim slot alone (the daemon's abandoned claim).
Result<std::string> format_new_record(const ShimClaim& claim, bool reserve = true);

// The start slot's JSON: the job's pid and start time from `claim`.
std::string format_job_start(const ShimClaim& claim);

// The slot's text in `record`, without its padding; empty when blank or
// past the end of the record.
std::string_view slot_text(std::string_view record, RecordSlot slot);

// The claim, with the job's pid and start time from the start slot when
// written (an unreadable start slot counts as not written: it may be read
// while the shim writes it). not_found when the claim slot is blank.
Result<ShimClaim> parse_record_claim(std::string_view record);

// The exit slot; not_found while it is blank.
Result<ShimExit> parse_record_exit(std::string_view record);

}  // namespace drover
