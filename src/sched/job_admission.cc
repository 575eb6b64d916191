#include "sched/job_admission.h"

#include <fmt/format.h>

#include "core/argv_template.h"
#include "core/duration.h"
#include "core/param_schema.h"

namespace drover {

Result<Job> job_from_request(const Config& config, const SubmitRequest& request, Millis now) {
  const TypeConfig* type = config.find_type(request.type);
  if (type == nullptr) {
    return make_error(ErrorCode::invalid, "unknown type \"{}\"; declared types: {}", request.type,
                      declared_names(config.types));
  }
  std::string queue = request.queue.value_or(type->queue);
  if (!config.queues.count(queue)) {
    return make_error(ErrorCode::invalid, "unknown queue \"{}\"; declared queues: {}", queue,
                      declared_names(config.queues));
  }
  DROVER_TRY(params, validate_params(*type, request.params));
  // A command that cannot expand is refused now, not when it would start.
  if (!type->worker) DROVER_RETURN_IF_ERROR(expand_command(*type, *params));
  Job job;
  job.type = type->name;
  job.params = std::move(*params);
  // The key names "the same work": the type's template, else the canonical
  // params (nlohmann's objects are sorted, so equal params dump equally).
  job.key = request.key ? request.key
                        : (type->key ? expand_template(*type->key, job.params) : std::nullopt);
  if (!job.key) job.key = job.params.dump();
  job.queue = queue;
  job.priority = request.priority.value_or(0);
  job.created_at = now;
  if (request.at) job.resume_at = *request.at;
  if (request.delay) job.resume_at = now + *request.delay;
  DROVER_RETURN_IF_ERROR(claims_for(config, job));
  return job;
}

Result<Claims> claims_for(const Config& config, const Job& job) {
  Claims claims;
  const TypeConfig* type = config.find_type(job.type);
  if (type == nullptr) return claims;
  for (const std::string& pattern : type->resources) {
    auto name = expand_template(pattern, job.params);
    if (!name || !config.resources.contains(*name)) {
      std::string declared = declared_names(config.resources);
      return make_error(ErrorCode::invalid,
                        "type {} needs resource \"{}\" (from \"{}\"), which is not declared; "
                        "declared resources: {}",
                        job.type, name.value_or(pattern), pattern,
                        declared.empty() ? "none" : declared);
    }
    claims.resources.push_back(*name);
  }
  if (type->conflict) claims.conflict = expand_template(*type->conflict, job.params);
  return claims;
}

bool is_same_work(const TypeConfig& type, const JobRef& earlier, Millis now) {
  if (!type.unique_for) return false;
  // Unfinished work is the same job whenever it was submitted; finished
  // work only within the window.
  if (earlier.state != JobState::completed) return true;
  return earlier.finished_at.value_or(0) + *type.unique_for >= now;
}

bool is_cache_fresh(const TypeConfig& type, Millis created_at, Millis now) {
  return type.cache_ttl && created_at + *type.cache_ttl >= now;
}

Error resumable_refusal(const Job& earlier, Millis now) {
  std::optional<double> percentage = earlier.progress.percentage();
  std::string progress = percentage ? fmt::format("{:.0f}%, ", *percentage) : "";
  Error refusal = make_error(
      ErrorCode::conflict,
      "job {} did the same work and can resume ({}checkpoint {}): resume job {} "
      "with `drover resume {}`, or start fresh with --force",
      earlier.id, progress, format_age(earlier.checkpoint->saved_at, now), earlier.id, earlier.id);
  refusal.details = {{"resumable_job", earlier.id},
                     {"percentage", percentage.value_or(0.0)},
                     {"checkpoint_saved_at", format_rfc3339(earlier.checkpoint->saved_at)}};
  return refusal;
}

}  // namespace drover
