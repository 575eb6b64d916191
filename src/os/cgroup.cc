#include "os/cgroup.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <optional>
#include <sstream>

#include "os/fd.h"
#include "os/system_error.h"

namespace drover {
namespace {

// The value of `key` in a flat keyed file such as cgroup.events.
std::optional<std::string> keyed_value(std::string_view text, std::string_view key) {
  std::istringstream lines{std::string(text)};
  std::string name, value;
  while (lines >> name >> value) {
    if (name == key) return value;
  }
  return std::nullopt;
}

}  // namespace

Result<Cgroup> Cgroup::create(const std::filesystem::path& path) {
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    return system_error(fmt::format("cannot create cgroup {} (is the cgroup v2 hierarchy "
                                    "delegated to this user?)",
                                    path.string()),
                        errno);
  }
  return Cgroup(path);
}

Status Cgroup::write_setting(std::string_view file, std::string_view value) const {
  std::filesystem::path target = m_path / file;
  DROVER_TRY(fd, open_file(target, O_WRONLY));
  // One write(2) per value: cgroup files take one value per call.
  if (::write(fd->get(), value.data(), value.size()) < 0) {
    return system_error(fmt::format("cannot write \"{}\" to {}", value, target.string()), errno);
  }
  return {};
}

Status Cgroup::add_process(int pid) const {
  return write_setting("cgroup.procs", std::to_string(pid));
}

bool Cgroup::has_controller(std::string_view controller) const {
  auto text = read_file(m_path / "cgroup.controllers");
  if (!text) return false;
  std::istringstream names{*text};
  std::string name;
  while (names >> name) {
    if (name == controller) return true;
  }
  return false;
}

Result<std::vector<int>> Cgroup::process_ids() const {
  DROVER_TRY(text, read_file(m_path / "cgroup.procs"));
  std::vector<int> pids;
  std::istringstream lines{*text};
  for (int pid = 0; lines >> pid;) pids.push_back(pid);
  return pids;
}

Status Cgroup::signal_all(int signal) const {
  DROVER_TRY(pids, process_ids());
  for (int pid : *pids) {
    // A process that ended meanwhile is what we wanted anyway.
    if (::kill(pid, signal) != 0 && errno != ESRCH) {
      return system_error(fmt::format("cannot signal process {} in {}", pid, m_path.string()),
                          errno);
    }
  }
  return {};
}

Result<std::size_t> Cgroup::kill_all() const {
  DROVER_TRY(pids, process_ids());
  if (std::filesystem::exists(m_path / "cgroup.kill")) {
    DROVER_RETURN_IF_ERROR(write_setting("cgroup.kill", "1"));
    return pids->size();
  }
  // Frozen processes cannot fork, so the list read while frozen is complete;
  // SIGKILL reaches a frozen process.
  DROVER_RETURN_IF_ERROR(write_setting("cgroup.freeze", "1"));
  pids = process_ids();
  Status killed = pids ? signal_all(SIGKILL) : Status(pids.error());
  (void)write_setting("cgroup.freeze", "0");
  if (!killed) return killed.error();
  return pids->size();
}

bool Cgroup::populated() const {
  auto text = read_file(m_path / "cgroup.events");
  if (!text) return false;  // gone: nothing inside
  return keyed_value(*text, "populated").value_or("0") != "0";
}

bool Cgroup::wait_until_empty(std::chrono::milliseconds limit) const {
  auto deadline = std::chrono::steady_clock::now() + limit;
  auto events = open_file(m_path / "cgroup.events", O_RDONLY);
  while (populated()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    // The kernel signals a change of cgroup.events with POLLPRI; a short
    // cap keeps this correct should a notification be missed.
    pollfd entry{events ? events->get() : -1, POLLPRI, 0};
    (void)::poll(&entry, 1, static_cast<int>(std::min<long long>(left.count(), 50)));
  }
  return true;
}

Status Cgroup::remove() const {
  if (::rmdir(m_path.c_str()) != 0 && errno != ENOENT) {
    return system_error(fmt::format("cannot remove cgroup {}", m_path.string()), errno);
  }
  return {};
}

}  // namespace drover
