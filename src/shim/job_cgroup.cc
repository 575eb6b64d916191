#include "shim/job_cgroup.h"

#include <unistd.h>

#include <cmath>

#include "os/cgroup_root.h"
#include "os/process_probe.h"

namespace drover {
namespace {

constexpr std::chrono::milliseconds kEmptyPatience{2000};
constexpr long long kCpuPeriodMicros = 100'000;

struct Limit {
  const char* key;         // in drover.toml
  const char* controller;  // cgroup v2 controller
  const char* file;
  std::string value;
};

std::vector<Limit> limits_of(const ShimSpec& spec) {
  std::vector<Limit> limits;
  if (spec.memory_max) {
    limits.push_back({"memory_max", "memory", "memory.max", std::to_string(*spec.memory_max)});
  }
  if (spec.cpu_max) {
    auto quota = std::llround(*spec.cpu_max * kCpuPeriodMicros);
    limits.push_back({"cpu_max", "cpu", "cpu.max", fmt::format("{} {}", quota, kCpuPeriodMicros)});
  }
  return limits;
}

void apply_limits(const ShimSpec& spec, const Cgroup* cgroup, OutputLog& log) {
  for (const Limit& limit : limits_of(spec)) {
    if (cgroup == nullptr) {
      log.write_note(fmt::format("warning: {} not applied: this attempt has no cgroup", limit.key));
    } else if (!cgroup->has_controller(limit.controller)) {
      log.write_note(fmt::format(
          "warning: {} not applied: the {} controller is not enabled for {} (enable it in the "
          "parent's cgroup.subtree_control; see docs/containment.md)",
          limit.key, limit.controller, cgroup->path().parent_path().string()));
    } else if (Status written = cgroup->write_setting(limit.file, limit.value); !written) {
      log.write_note(
          fmt::format("warning: {} not applied: {}", limit.key, written.error().message));
    }
  }
}

}  // namespace

std::optional<Cgroup> open_job_cgroup(const ShimSpec& spec, OutputLog& log) {
  std::optional<Cgroup> cgroup;
  if (!spec.cgroup.empty()) {
    auto created = Cgroup::create(spec.cgroup);
    if (created) {
      cgroup = std::move(*created);
    } else {
      log.write_note("warning: the job runs in its process group only: " + created.error().message);
    }
  }
  apply_limits(spec, cgroup ? &*cgroup : nullptr, log);
  return cgroup;
}

Result<int> spawn_in_cgroup(const SpawnOptions& options, const Cgroup& cgroup, OutputLog& log) {
  auto home = own_cgroup_folder();
  Status entered = home ? cgroup.add_process(current_pid()) : Status(home.error());
  if (!entered) {
    log.write_note("warning: the job runs in its process group only: " + entered.error().message);
    return spawn_process(options);
  }
  auto pid = spawn_process(options);
  if (Status left = Cgroup(*home).add_process(current_pid()); !left) {
    // A shim inside the job's cgroup would die with it: refuse to go on.
    if (pid) (void)cgroup.kill_all();
    return make_error(ErrorCode::io, "cannot leave the job's cgroup: {}", left.error().message);
  }
  return pid;
}

void release_job_cgroup(const Cgroup& cgroup, OutputLog& log) {
  auto killed = cgroup.kill_all();
  if (!killed) {
    log.write_note("cannot kill what the job left running: " + killed.error().message);
    return;
  }
  if (*killed > 0) {
    log.write_note(fmt::format("the job left {} process{} running in its cgroup; killed", *killed,
                               *killed == 1 ? "" : "es"));
  }
  if (!cgroup.wait_until_empty(kEmptyPatience)) {
    log.write_note("processes are still in " + cgroup.path().string() + " after SIGKILL");
    return;
  }
  if (Status removed = cgroup.remove(); !removed) log.write_note(removed.error().message);
}

}  // namespace drover
