#include "exec/containment.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>

#include "exec/attempt_files.h"
#include "os/cgroup.h"
#include "os/fd.h"

namespace drover {
namespace {

constexpr std::chrono::milliseconds kEmptyPatience{2000};

// A name stable across daemon restarts and distinct per state dir, so two
// daemons in one cgroup never share attempt cgroups (FNV-1a, 32 bits).
std::string root_name(const std::filesystem::path& state_dir) {
  std::error_code ignored;
  std::string path = std::filesystem::weakly_canonical(state_dir, ignored).string();
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : path) hash = (hash ^ c) * 16777619u;
  return fmt::format("drover-{:08x}", hash);
}

}  // namespace

Containment Containment::probe(const std::filesystem::path& state_dir) {
  const char* forced = std::getenv("DROVER_CONTAINMENT");
  if (forced && std::string_view(forced) == "process-group") {
    return {std::nullopt, "DROVER_CONTAINMENT=process-group is set in the daemon's environment"};
  }
  auto root = prepare_cgroup_root(root_name(state_dir));
  if (!root) return {std::nullopt, root.error().message};
  return {std::move(*root), ""};
}

std::filesystem::path Containment::attempt_cgroup(JobId job_id, int attempt) const {
  if (!cgroups) return {};
  return cgroups->path / fmt::format("job-{}-{}", job_id, attempt);
}

std::optional<std::string> release_attempt_cgroup(const std::filesystem::path& attempt_dir) {
  // The shim names its cgroup in its claim; no claim, no shim, no cgroup.
  auto claim = read_claim(attempt_dir);
  if (!claim || claim->cgroup.empty() || !std::filesystem::exists(claim->cgroup)) {
    return std::nullopt;
  }
  Cgroup cgroup(claim->cgroup);
  auto killed = cgroup.kill_all();
  if (!killed) return killed.error().message;
  if (!cgroup.wait_until_empty(kEmptyPatience)) {
    return fmt::format("processes are still in {} after SIGKILL; left it in place",
                       cgroup.path().string());
  }
  if (Status removed = cgroup.remove(); !removed) return removed.error().message;
  return std::nullopt;  // a job killed with its shim may still be listed: no count to report
}

}  // namespace drover
