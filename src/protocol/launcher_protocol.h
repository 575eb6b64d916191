// What the daemon and the launcher (drover-shim --launcher, one per state
// dir) say to each other on the launcher's socket, and what a shim born
// from it says on its attempt's channel.
//
//   daemon -> launcher  a hello: the daemon's environment, once per
//                       connection (shims forked for it start from it, as
//                       if the daemon had started them itself);
//   daemon -> launcher  LaunchOrder, with the write end of the attempt's
//                       channel (a pipe whose read end the daemon keeps);
//   launcher -> daemon  LaunchAnswer, with a pidfd of the forked shim.
//
// The channel carries one byte per news (ShimNews) from the shim, and
// reaches end of file once no process holds its write end: the shim has
// ended, or (launcher killed before it forked) no shim was ever born. The
// daemon thus learns of starts and new events without looking for files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace drover {

// The launcher's socket (0600) and lock (its pid inside) in the state dir.
inline constexpr std::string_view kLauncherSocket = "launcher.sock";
inline constexpr std::string_view kLauncherLock = "launcher.lock";
inline constexpr std::string_view kLauncherLog = "launcher.log";

struct LaunchOrder {
  std::filesystem::path attempt_dir;
  // spec.json's text, handed over instead of the file; empty: read spec.json.
  std::string spec_text;
};

struct LaunchAnswer {
  int shim_pid = 0;
  std::uint64_t shim_start_ticks = 0;
  std::string error;  // set when no shim was forked
};

// News a shim writes on its channel.
enum class ShimNews : char {
  claimed = 'c',  // attempt.record is ours: the attempt will run under this shim
  started = 's',  // attempt.record names the job's pid
  events = 'e',   // events.jsonl has new records
};

std::string format_hello(const std::vector<std::string>& environment);
// nullopt: not a hello.
std::optional<std::vector<std::string>> parse_hello(std::string_view text);

std::string format_order(const LaunchOrder& order);
Result<LaunchOrder> parse_order(std::string_view text);

std::string format_answer(const LaunchAnswer& answer);
Result<LaunchAnswer> parse_answer(std::string_view text);

}  // namespace drover
