// Waiting for several descriptors at once (the shim's loop): poll(2)
// without exposing struct pollfd.
#pragma once

#include <span>

#include "core/result.h"

namespace drover {

struct PollEntry {
  int fd = -1;            // skipped when negative
  bool readable = false;  // out: data, end of file, hang-up or error pending
};

// Waits until at least one entry is readable or `timeout_ms` passed (-1:
// no limit). An interrupted wait returns with nothing readable. At most
// kMaxPollEntries entries.
inline constexpr std::size_t kMaxPollEntries = 8;
Status wait_readable(std::span<PollEntry> entries, int timeout_ms);

}  // namespace drover
