// What a command gets when it runs: the global flags, its own arguments
// (bound by the command table), the streams to write to, the clock, and a
// client for the daemon of the chosen state dir. Commands read from here and
// write only to `out` and `err`, so they run the same under test.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/daemon_client.h"
#include "cli/job_list_view.h"
#include "core/clock.h"
#include "core/result.h"

namespace drover::cli {

// What the `drover` executable provides that the CLI library can't link
// itself: running the daemon in the foreground (src/daemon).
struct CliHooks {
  std::function<int(const std::filesystem::path& state_dir,
                    const std::optional<std::filesystem::path>& config_file)>
      run_daemon;
};

struct GlobalOptions {
  std::optional<std::string> state_dir;
  bool json = false;
};

// Every command's arguments in one place; each command binds the ones it takes.
struct CommandArgs {
  JobId id = 0;
  std::string type;
  std::string name;                          // a queue or template name
  std::string file;                          // a chain file
  std::optional<std::string> template_name;  // chain submit --template
  std::vector<JobId> after;                  // submit --after
  std::vector<std::string> words;            // run: argv; submit: k=v; emit: the event
  std::optional<std::string> key;
  std::optional<std::string> queue;
  std::optional<int> priority;
  std::optional<std::string> delay;
  std::optional<std::string> at;
  std::vector<std::string> states;
  std::optional<std::string> type_filter;
  std::optional<std::string> config_file;
  std::optional<int> attempt;
  std::optional<std::uint64_t> lines;
  std::optional<int> limit;               // ls: default 200, none with --all
  std::optional<std::string> older_than;  // clean
  std::optional<int> keep;                // clean
  bool dry_run = false;                   // clean
  bool all = false;
  bool force = false;
  bool follow = false;
  bool events = false;               // logs: keep @drover lines
  bool log = false;                  // follow: the output too
  bool no_time = false;              // logs
  bool utc = false;                  // logs: ISO 8601 UTC times
  bool any = false;                  // wait: the first job to end is enough
  std::vector<std::string> ids;      // wait: job ids as typed, checked by parse_job_id
  std::vector<std::string> each;     // run, submit: one job per value
  std::optional<bool> open_browser;  // ui: --open / --no-open; unset: on a desktop's terminal
};

struct Context {
  GlobalOptions global;
  CommandArgs args;
  std::ostream& out;
  std::ostream& err;
  const Clock& clock;
  CliHooks hooks;
  bool out_is_tty = false;
  bool err_is_tty = false;
  bool color = false;
  std::size_t width = 0;       // terminal columns, 0 when stdout is not a terminal
  std::istream* in = nullptr;  // stdin (`--each -`)

  StatePaths paths() const;
  DaemonClient client() const { return DaemonClient(paths()); }
  ViewOptions view() const { return {clock.now(), color, width}; }
  // "drover: MESSAGE" on err; returns the exit code for the error.
  int fail(const Error& error) const;
  // The JSON, indented, on out; returns 0.
  int print_json(const Json& json) const;
};

}  // namespace drover::cli
