// Identifying a process across a daemon restart: PID + start time (clock
// ticks since boot, /proc/PID/stat field 22) + boot id. A bare PID may have
// been recycled; the triple cannot be.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace drover {

struct ProcessIdentity {
  int pid = 0;
  std::uint64_t start_ticks = 0;
  std::string boot_id;
};

// Parses the start time out of the text of /proc/PID/stat. The command name
// (field 2) may hold spaces and ')', so fields are counted after the last ')'.
std::optional<std::uint64_t> parse_start_ticks(std::string_view stat_text);

// The start time of a running process; not_found when it does not exist.
Result<std::uint64_t> read_start_ticks(int pid);

// This boot's id (/proc/sys/kernel/random/boot_id), without the newline.
Result<std::string> read_boot_id();

// Identity of a running process (the start time and boot id read now).
Result<ProcessIdentity> identify_process(int pid);

// True when `pid` is a live (not zombie) process that started at
// `start_ticks` during the boot `boot_id`.
bool is_alive(int pid, std::uint64_t start_ticks, std::string_view boot_id);

}  // namespace drover
