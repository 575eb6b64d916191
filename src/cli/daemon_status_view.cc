#include "cli/daemon_status_view.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <ostream>

namespace drover::cli {
namespace {

// "cgroup v2 (/sys/fs/cgroup/drover-1a2b3c4d; kill: cgroup.kill; limits: memory, cpu)"
// or "process groups (no cgroup2 file system is mounted)".
std::string describe_containment(const Json& containment) {
  if (containment.value("mode", "") != "cgroup") {
    return fmt::format("process groups; a process that calls setsid escapes cancel ({})",
                       containment.value("reason", "reason unknown"));
  }
  std::vector<std::string> controllers =
      containment.value("controllers", std::vector<std::string>{});
  return fmt::format("cgroup v2 ({}; kill: {}; limits: {})", containment.value("cgroup", ""),
                     containment.value("kill", ""),
                     controllers.empty() ? std::string("none, memory_max/cpu_max are ignored")
                                         : fmt::format("{}", fmt::join(controllers, ", ")));
}

}  // namespace

std::optional<Json> daemon_health(const Context& context) {
  auto health = DaemonClient(context.paths(), std::chrono::seconds(2)).get("/healthz");
  if (!health || !(*health).value("ok", false)) return std::nullopt;
  return *health;
}

int print_daemon_status(const Context& context, const Json& health) {
  std::string dir = context.paths().dir.string();
  Json containment = health.value("containment", Json::object());
  if (context.global.json) {
    return context.print_json({{"running", true},
                               {"pid", health.value("pid", 0)},
                               {"state_dir", dir},
                               {"containment", containment}});
  }
  context.out << fmt::format("drover daemon running (pid {}, state dir {})\ncontainment: {}\n",
                             health.value("pid", 0), dir, describe_containment(containment));
  return 0;
}

}  // namespace drover::cli
