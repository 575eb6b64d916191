#include "os/process_identity.h"

#include <unistd.h>

#include <charconv>

#include "os/fd.h"

namespace drover {
namespace {

// Fields after the command name, which ends at the last ')': field 3 is the
// state, field 22 the start time.
constexpr int kFirstFieldAfterName = 3;
constexpr int kStartTimeField = 22;

// The text of field `wanted` (counting from 1 like proc(5)); empty if absent.
std::string_view stat_field(std::string_view stat_text, int wanted) {
  std::size_t name_end = stat_text.rfind(')');
  if (name_end == std::string_view::npos) return {};
  std::string_view rest = stat_text.substr(name_end + 1);
  int field = kFirstFieldAfterName - 1;
  std::size_t pos = 0;
  while (pos < rest.size()) {
    while (pos < rest.size() && rest[pos] == ' ') ++pos;
    std::size_t end = rest.find_first_of(" \n", pos);
    if (end == std::string_view::npos) end = rest.size();
    if (end == pos) break;
    if (++field == wanted) return rest.substr(pos, end - pos);
    pos = end;
  }
  return {};
}

std::optional<std::string> read_stat(int pid) {
  auto text = read_file(fmt::format("/proc/{}/stat", pid));
  if (!text) return std::nullopt;
  return std::move(*text);
}

}  // namespace

std::optional<std::uint64_t> parse_start_ticks(std::string_view stat_text) {
  std::string_view field = stat_field(stat_text, kStartTimeField);
  std::uint64_t ticks = 0;
  auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), ticks);
  if (field.empty() || error != std::errc() || end != field.data() + field.size()) {
    return std::nullopt;
  }
  return ticks;
}

Result<std::uint64_t> read_start_ticks(int pid) {
  auto text = read_stat(pid);
  if (!text) return make_error(ErrorCode::not_found, "process {} does not exist", pid);
  auto ticks = parse_start_ticks(*text);
  if (!ticks) {
    return make_error(ErrorCode::io, "cannot read the start time of process {} from /proc", pid);
  }
  return *ticks;
}

Result<std::string> read_boot_id() {
  // It cannot change while this process lives: read once (thread-safe).
  static const Result<std::string> boot_id = []() -> Result<std::string> {
    DROVER_TRY(text, read_file("/proc/sys/kernel/random/boot_id"));
    while (!text->empty() && (text->back() == '\n' || text->back() == ' ')) text->pop_back();
    return std::move(*text);
  }();
  return boot_id;
}

Result<ProcessIdentity> identify_process(int pid) {
  DROVER_TRY(ticks, read_start_ticks(pid));
  DROVER_TRY(boot_id, read_boot_id());
  return ProcessIdentity{pid, *ticks, std::move(*boot_id)};
}

bool is_alive(int pid, std::uint64_t start_ticks, std::string_view boot_id) {
  if (pid <= 0) return false;
  auto current_boot = read_boot_id();
  if (!current_boot || *current_boot != boot_id) return false;
  auto text = read_stat(pid);
  if (!text) return false;
  std::string_view state = stat_field(*text, kFirstFieldAfterName);
  // A zombie has ended; only its parent's wait is missing.
  if (state == "Z" || state == "X" || state == "x") return false;
  return parse_start_ticks(*text) == start_ticks;
}

}  // namespace drover
