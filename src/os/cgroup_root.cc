#include "os/cgroup_root.h"

#include <unistd.h>

#include <sstream>

#include "os/cgroup.h"
#include "os/fd.h"

namespace drover {
namespace {

// mountinfo escapes blanks in paths as three octal digits (\040).
std::string unescape_octal(std::string_view text) {
  std::string plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool escape = text[i] == '\\' && i + 3 < text.size();
    for (std::size_t j = i + 1; escape && j <= i + 3; ++j) {
      escape = text[j] >= '0' && text[j] <= '7';
    }
    if (!escape) {
      plain.push_back(text[i]);
      continue;
    }
    plain.push_back(static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                                      (text[i + 3] - '0')));
    i += 3;
  }
  return plain;
}

struct CgroupLocation {
  std::filesystem::path mount;  // the cgroup2 hierarchy
  std::filesystem::path own;    // this process's cgroup folder in it
};

Result<CgroupLocation> locate_own_cgroup() {
  DROVER_TRY(mountinfo, read_file("/proc/self/mountinfo"));
  auto mount = find_cgroup2_mount(*mountinfo);
  if (!mount) return make_error(ErrorCode::not_found, "no cgroup2 file system is mounted");
  DROVER_TRY(membership, read_file("/proc/self/cgroup"));
  auto own = parse_unified_cgroup(*membership);
  if (!own) {
    return make_error(ErrorCode::not_found,
                      "/proc/self/cgroup has no cgroup v2 (0::) line; controllers are all on v1");
  }
  return CgroupLocation{*mount, *mount / std::filesystem::path(*own).relative_path()};
}

// Tries `folder` as the root: creates it, checks it is a cgroup we may fill.
Result<CgroupRoot> try_root(const std::filesystem::path& folder) {
  DROVER_TRY(created, Cgroup::create(folder));
  if (::access((folder / "cgroup.procs").c_str(), W_OK) != 0) {
    return make_error(ErrorCode::invalid, "{}/cgroup.procs is not writable by this user",
                      folder.string());
  }
  CgroupRoot root{folder, {}, std::filesystem::exists(folder / "cgroup.kill")};
  for (std::string controller : {"memory", "cpu"}) {
    // Children may use a controller only once it is in our subtree_control.
    if (!created->has_controller(controller)) continue;
    if (created->write_setting("cgroup.subtree_control", "+" + controller)) {
      root.controllers.push_back(controller);
    }
  }
  return root;
}

}  // namespace

std::optional<std::filesystem::path> find_cgroup2_mount(std::string_view mountinfo) {
  std::istringstream lines{std::string(mountinfo)};
  for (std::string line; std::getline(lines, line);) {
    // "36 35 0:30 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw"
    std::size_t separator = line.find(" - ");
    if (separator == std::string::npos) continue;
    std::istringstream after{line.substr(separator + 3)};
    std::string type;
    if (!(after >> type) || type != "cgroup2") continue;
    std::istringstream before{line.substr(0, separator)};
    std::string id, parent, device, root, mount_point;
    if (before >> id >> parent >> device >> root >> mount_point) {
      return std::filesystem::path(unescape_octal(mount_point));
    }
  }
  return std::nullopt;
}

std::optional<std::string> parse_unified_cgroup(std::string_view proc_cgroup) {
  std::istringstream lines{std::string(proc_cgroup)};
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("0::")) return line.substr(3);
  }
  return std::nullopt;
}

Result<std::filesystem::path> own_cgroup_folder() {
  DROVER_TRY(location, locate_own_cgroup());
  return location->own;
}

Result<CgroupRoot> prepare_cgroup_root(std::string_view name) {
  DROVER_TRY(location, locate_own_cgroup());
  auto under_own = try_root(location->own / name);
  if (under_own || location->own == location->mount) return under_own;
  // Outside a delegated unit, root may still write the top of the hierarchy.
  auto at_top = try_root(location->mount / name);
  if (at_top) return at_top;
  return make_error(ErrorCode::invalid, "{}; {}", under_own.error().message,
                    at_top.error().message);
}

}  // namespace drover
