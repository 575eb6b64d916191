// Finding where drover may put attempt cgroups: the cgroup v2 hierarchy
// (from /proc/self/mountinfo; on a hybrid host it is often
// /sys/fs/cgroup/unified), this process's own cgroup in it (the `0::` line
// of /proc/self/cgroup), and a writable folder for drover there: under our
// own cgroup (systemd `Delegate=yes` hands a service its cgroup), else at
// the top of the hierarchy when that is writable (root outside systemd).
//
// The daemon calls prepare_cgroup_root once at start-up; when it fails, the
// reason is what `drover daemon status` shows beside "process groups".
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace drover {

// The mount point of the cgroup2 file system in a mountinfo text.
std::optional<std::filesystem::path> find_cgroup2_mount(std::string_view mountinfo);

// The cgroup v2 path ("/system.slice/drover.service") in a /proc/PID/cgroup text.
std::optional<std::string> parse_unified_cgroup(std::string_view proc_cgroup);

// The folder of this process's own cgroup v2, e.g.
// /sys/fs/cgroup/unified/user.slice/session-3.scope.
Result<std::filesystem::path> own_cgroup_folder();

struct CgroupRoot {
  std::filesystem::path path;            // attempt cgroups are made in here
  std::vector<std::string> controllers;  // usable by attempts: memory, cpu (when enabled)
  bool has_kill = false;                 // cgroup.kill exists (Linux 5.14+)
};

// Creates (or reuses) the folder `name` where attempt cgroups go, and
// enables the memory and cpu controllers for its children where the parent
// allows. The error says why cgroups cannot be used here.
Result<CgroupRoot> prepare_cgroup_root(std::string_view name);

}  // namespace drover
