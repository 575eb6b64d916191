// How the daemon contains attempts, so that cancel, timeout and a lost shim
// end everything a job started: each attempt in its own cgroup v2, under one
// folder per state dir (drover-<hash>, see os/cgroup_root.h); where cgroups
// are not usable (no cgroup v2, not delegated, not writable), in its process
// group only, which a grandchild calling setsid leaves. Decided once at
// start-up and shown by `drover daemon status`.
//
// DROVER_CONTAINMENT=process-group in the daemon's environment forces the
// fallback (to compare both, or on a host whose cgroups misbehave).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/job.h"
#include "os/cgroup_root.h"

namespace drover {

struct Containment {
  std::optional<CgroupRoot> cgroups;  // nullopt: process groups only
  std::string reason;                 // why not cgroups, when so

  // Finds out what this host allows for the daemon of `state_dir`.
  static Containment probe(const std::filesystem::path& state_dir);

  // The attempt's cgroup folder (the shim creates it); empty without cgroups.
  std::filesystem::path attempt_cgroup(JobId job_id, int attempt) const;
};

// Kills whatever an ended attempt left in its cgroup (the one its claim
// names) and removes the cgroup; nothing to do when there is none. An
// attempt whose shim was killed leaves its job running: this is what stops
// a retry from running beside it. Returns a problem worth logging (the
// cgroup could not be emptied or removed), if any.
std::optional<std::string> release_attempt_cgroup(const std::filesystem::path& attempt_dir);

}  // namespace drover
