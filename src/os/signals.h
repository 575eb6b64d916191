// Signals by name and number, and the few signal operations drover needs:
// ignoring, blocking into a signalfd (the shim's poll loop reads its signals
// like any other input), and sending to a process group.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "os/fd.h"

namespace drover {

// "SIGTERM" for 15; "signal 99" for a number without a name.
std::string signal_name(int signal);

// Accepts "SIGTERM", "TERM", "term" and "15"; nullopt for anything else.
std::optional<int> parse_signal(std::string_view text);

// Sets the disposition of each signal to SIG_IGN.
Status ignore_signals(std::initializer_list<int> signals);

// Blocks the signals (so their default action never runs) and returns a
// non-blocking signalfd that becomes readable when one is pending.
Result<UniqueFd> block_signals_into_fd(std::initializer_list<int> signals);

// The next pending signal from a signalfd, or nullopt when there is none.
std::optional<int> read_pending_signal(int signal_fd);

// kill(-group, signal). A group that is already gone is not an error.
Status signal_process_group(int group, int signal);

}  // namespace drover
