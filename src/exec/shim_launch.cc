#include "exec/shim_launch.h"

#include <fcntl.h>

#include "exec/attempt_files.h"
#include "os/atomic_file.h"
#include "os/process.h"
#include "protocol/json_text.h"

namespace drover {
namespace {

Status create_folder(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) {
    return make_error(ErrorCode::io, "cannot create folder {}: {}", path.string(), error.message());
  }
  return {};
}

std::map<std::string, std::string> job_environment(const LaunchRequest& request,
                                                   const AttemptPaths& paths,
                                                   const std::string& checkpoint_path) {
  std::map<std::string, std::string> env = request.env;
  env["DROVER_JOB_ID"] = std::to_string(request.job_id);
  env["DROVER_ATTEMPT"] = std::to_string(request.attempt);
  env["DROVER_RESUMED"] = checkpoint_path.empty() ? "0" : "1";
  env["DROVER_JOB_DIR"] = paths.work.string();
  env["DROVER_ARTIFACTS"] = paths.artifacts.string();
  if (checkpoint_path.empty()) {
    env.erase("DROVER_CHECKPOINT");  // absent when there is none, even if inherited
  } else {
    env["DROVER_CHECKPOINT"] = checkpoint_path;
  }
  return env;
}

}  // namespace

Result<ShimSpec> prepare_attempt(const LaunchRequest& request, const AttemptPaths& paths) {
  if (request.argv.empty()) {
    return make_error(ErrorCode::invalid, "job {} has no command to run", request.job_id);
  }
  DROVER_RETURN_IF_ERROR(create_folder(paths.attempt.parent_path()));
  // A new folder per attempt: one that exists means the attempt was launched already.
  std::error_code error;
  if (!std::filesystem::create_directory(paths.attempt, error)) {
    if (error) {
      return make_error(ErrorCode::io, "cannot create folder {}: {}", paths.attempt.string(),
                        error.message());
    }
    return make_error(ErrorCode::conflict, "attempt {} of job {} was launched already ({})",
                      request.attempt, request.job_id, paths.attempt.string());
  }
  if (request.job_folders) {
    for (const auto* folder : {&paths.work, &paths.artifacts}) {
      DROVER_RETURN_IF_ERROR(create_folder(*folder));
    }
  }
  std::string checkpoint_path;
  if (request.checkpoint) {
    checkpoint_path = (paths.attempt / kCheckpointFile).string();
    Status written = write_file_atomically(checkpoint_path, to_json_text(*request.checkpoint),
                                           FileSync::within_boot);
    if (!written) return written.error();
  }
  return ShimSpec{request.job_id,
                  request.attempt,
                  request.token,
                  request.argv,
                  job_environment(request, paths, checkpoint_path),
                  request.cwd.empty() ? paths.attempt.string() : request.cwd,
                  request.log_max,
                  request.grace,
                  checkpoint_path,
                  request.redact_patterns,
                  paths.cgroup.string(),
                  request.memory_max,
                  request.cpu_max};
}

Status write_spec_file(const std::filesystem::path& attempt_dir, const ShimSpec& spec) {
  return write_file_atomically(attempt_dir / kSpecFile, format_spec(spec), FileSync::within_boot);
}

Result<int> spawn_shim(const std::filesystem::path& shim_path,
                       const std::filesystem::path& attempt_dir) {
  DROVER_TRY(shim_log, open_file(attempt_dir / kShimLogFile, O_WRONLY | O_CREAT | O_APPEND, 0644));
  SpawnOptions options;
  options.argv = {shim_path.string(), attempt_dir.string()};
  options.cwd = attempt_dir;
  options.stdout_fd = shim_log->get();
  options.stderr_fd = shim_log->get();
  options.new_session = true;  // out of the daemon's session: a terminal closing can't reach it
  return spawn_process(options);
}

std::optional<ShimClaim> read_started_claim(const std::filesystem::path& attempt_dir,
                                            const std::string& token) {
  auto claim = read_claim(attempt_dir);
  if (!claim || claim->token != token || !claim->job_pid) return std::nullopt;
  return *claim;
}

std::string shim_log_tail(const std::filesystem::path& attempt_dir) {
  auto text = read_file(attempt_dir / kShimLogFile);
  if (!text || text->empty()) return "no message from drover-shim";
  std::string tail = text->size() > 500 ? text->substr(text->size() - 500) : *text;
  while (!tail.empty() && tail.back() == '\n') tail.pop_back();
  return tail;
}

}  // namespace drover
