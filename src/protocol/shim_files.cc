#include "protocol/shim_files.h"

#include <array>
#include <string>
#include <utility>

#include "core/enum_names.h"
#include "core/json_number.h"
#include "protocol/json_text.h"

namespace drover {
namespace {

constexpr EnumNames<ShimStop, 3> kStopNames{{
    {ShimStop::none, ""},
    {ShimStop::soft, "soft"},
    {ShimStop::hard, "hard"},
}};

// Reads `text` as a JSON object and fills T with `read`, which may throw
// nlohmann's exceptions on a missing or mistyped field; they become an error
// naming the file.
template <typename T, typename Read>
Result<T> parse_object(std::string_view text, std::string_view file, Read read) {
  DROVER_TRY(json, parse_json_text(text, file));
  if (!json->is_object()) return make_error(ErrorCode::invalid, "{}: not a JSON object", file);
  try {
    return read(*json);
  } catch (const Json::exception& error) {
    return make_error(ErrorCode::invalid, "{}: {}", file, error.what());
  }
}

// The field as a whole number of type T, or an exception naming it.
template <typename T>
T whole_number(const Json& json, const char* name) {
  if (auto number = whole_number_in<T>(json.at(name))) return *number;
  throw Json::out_of_range::create(
      406, std::string("\"") + name + "\" must be a whole number in range", &json);
}

template <typename T>
T whole_number_or(const Json& json, const char* name, T fallback) {
  return json.contains(name) ? whole_number<T>(json, name) : fallback;
}

}  // namespace

std::string format_spec(const ShimSpec& spec) {
  Json json = {{"job_id", spec.job_id},   {"attempt", spec.attempt}, {"token", spec.token},
               {"argv", spec.argv},       {"env", spec.env},         {"cwd", spec.cwd},
               {"log_max", spec.log_max}, {"grace_ms", spec.grace}};
  if (!spec.checkpoint_path.empty()) json["checkpoint"] = spec.checkpoint_path;
  if (!spec.redact_patterns.empty()) json["redact_patterns"] = spec.redact_patterns;
  if (!spec.cgroup.empty()) json["cgroup"] = spec.cgroup;
  if (spec.memory_max) json["memory_max"] = *spec.memory_max;
  if (spec.cpu_max) json["cpu_max"] = *spec.cpu_max;
  return to_json_text(json);
}

Result<ShimSpec> parse_spec(std::string_view text) {
  return parse_object<ShimSpec>(text, kSpecFile, [](const Json& json) {
    ShimSpec spec;
    spec.job_id = whole_number<JobId>(json, "job_id");
    spec.attempt = whole_number<int>(json, "attempt");
    spec.token = json.at("token").get<std::string>();
    spec.argv = json.at("argv").get<std::vector<std::string>>();
    spec.env = json.value("env", std::map<std::string, std::string>{});
    spec.cwd = json.value("cwd", "");
    spec.log_max = whole_number_or(json, "log_max", spec.log_max);
    spec.grace = whole_number_or(json, "grace_ms", spec.grace);
    spec.checkpoint_path = json.value("checkpoint", "");
    spec.redact_patterns = json.value("redact_patterns", std::vector<std::string>{});
    spec.cgroup = json.value("cgroup", "");
    if (json.contains("memory_max"))
      spec.memory_max = whole_number<std::uint64_t>(json, "memory_max");
    if (json.contains("cpu_max")) spec.cpu_max = json.at("cpu_max").get<double>();
    if (spec.argv.empty()) throw Json::other_error::create(501, "\"argv\" is empty", &json);
    return spec;
  });
}

std::string format_claim(const ShimClaim& claim) {
  Json json = {{"shim_pid", claim.shim_pid},
               {"shim_start_ticks", claim.shim_start_ticks},
               {"boot_id", claim.boot_id},
               {"token", claim.token}};
  if (claim.job_pid) json["job_pid"] = *claim.job_pid;
  if (claim.job_start_ticks != 0) json["job_start_ticks"] = claim.job_start_ticks;
  if (claim.abandoned) json["abandoned"] = true;
  if (!claim.abandoned) json["grace_ms"] = claim.grace;
  if (!claim.cgroup.empty()) json["cgroup"] = claim.cgroup;
  return to_json_text(json);
}

Result<ShimClaim> parse_claim(std::string_view text) {
  return parse_object<ShimClaim>(text, "attempt.record", [](const Json& json) {
    ShimClaim claim;
    claim.abandoned = json.value("abandoned", false);
    claim.shim_pid = whole_number_or(json, "shim_pid", 0);
    claim.shim_start_ticks = whole_number_or(json, "shim_start_ticks", std::uint64_t{0});
    claim.boot_id = json.value("boot_id", "");
    claim.token = json.value("token", "");
    if (json.contains("job_pid")) claim.job_pid = whole_number<int>(json, "job_pid");
    claim.job_start_ticks = whole_number_or(json, "job_start_ticks", std::uint64_t{0});
    claim.grace = whole_number_or(json, "grace_ms", claim.grace);
    claim.cgroup = json.value("cgroup", "");
    return claim;
  });
}

std::string format_exit(const ShimExit& exit) {
  Json json = {{"token", exit.token},
               {"ended_at", format_rfc3339(exit.ended_at)},
               {"log_bytes", exit.log_bytes},
               {"log_truncated", exit.log_truncated}};
  if (exit.exit_code) json["exit_code"] = *exit.exit_code;
  if (exit.signal) json["signal"] = *exit.signal;
  if (exit.stop != ShimStop::none) json["stop"] = name_of(kStopNames, exit.stop);
  if (!exit.error.empty()) json["error"] = exit.error;
  if (exit.drained) json["drained"] = true;
  return to_json_text(json);
}

Result<ShimExit> parse_exit(std::string_view text) {
  return parse_object<ShimExit>(text, kExitFile, [](const Json& json) {
    ShimExit exit;
    exit.token = json.at("token").get<std::string>();
    auto ended_at = parse_rfc3339(json.at("ended_at").get<std::string>());
    if (!ended_at) throw Json::other_error::create(501, "\"ended_at\" is not a time", &json);
    exit.ended_at = *ended_at;
    if (json.contains("exit_code")) exit.exit_code = whole_number<int>(json, "exit_code");
    if (json.contains("signal")) exit.signal = whole_number<int>(json, "signal");
    exit.log_bytes = whole_number_or(json, "log_bytes", std::uint64_t{0});
    exit.log_truncated = json.value("log_truncated", false);
    exit.stop = value_of(kStopNames, json.value("stop", "")).value_or(exit.stop);
    exit.error = json.value("error", "");
    exit.drained = json.value("drained", false);
    return exit;
  });
}

}  // namespace drover
