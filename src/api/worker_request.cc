#include "api/worker_request.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/json_number.h"
#include "protocol/worker_events.h"

namespace drover {
namespace {

constexpr std::size_t kMaxName = 256;  // a worker id, host or type name
constexpr std::size_t kMaxToken = 128;
constexpr std::size_t kMaxError = 64 * 1024;

Error bad_field(std::string_view field, std::string_view expected) {
  return make_error(ErrorCode::invalid, "field \"{}\" must be {}", field, expected);
}

Status check_fields(const Json& body, std::initializer_list<std::string_view> fields,
                    std::string_view what) {
  if (!body.is_object()) return make_error(ErrorCode::invalid, "{} must be a JSON object", what);
  for (const auto& [name, value] : body.items()) {
    bool known = false;
    for (std::string_view field : fields) known = known || field == name;
    if (!known) {
      return make_error(ErrorCode::invalid, "unknown field \"{}\" in {}; expected: {}", name, what,
                        fmt::join(fields, ", "));
    }
  }
  return {};
}

Result<std::string> short_string(const Json& body, const char* field, std::size_t max,
                                 bool required) {
  auto it = body.find(field);
  if (it == body.end()) {
    if (required) return make_error(ErrorCode::invalid, "field \"{}\" is required", field);
    return std::string();
  }
  if (!it->is_string() || it->get_ref<const std::string&>().size() > max ||
      (required && it->get_ref<const std::string&>().empty())) {
    return bad_field(
        field, fmt::format("a{} string of at most {} bytes", required ? " non-empty" : "", max));
  }
  return it->get<std::string>();
}

Result<WorkerIdentity> parse_identity(const Json& body) {
  WorkerIdentity worker;
  auto it = body.find("worker");
  if (it == body.end()) return worker;
  DROVER_RETURN_IF_ERROR(check_fields(*it, {"id", "host", "pid"}, "\"worker\""));
  DROVER_TRY(id, short_string(*it, "id", kMaxName, false));
  DROVER_TRY(host, short_string(*it, "host", kMaxName, false));
  worker.id = std::move(*id);
  worker.host = std::move(*host);
  if (auto pid = it->find("pid"); pid != it->end()) {
    auto value = whole_number_in<int>(*pid);
    if (!value || *value < 0) return bad_field("worker.pid", "a process id (whole number >= 0)");
    worker.pid = *value;
  }
  return worker;
}

Result<std::vector<std::string>> parse_types(const Json& body) {
  auto it = body.find("types");
  if (it == body.end() || !it->is_array() || it->empty() || it->size() > 100) {
    return bad_field("types", "an array of 1 to 100 worker type names");
  }
  std::vector<std::string> types;
  for (const Json& type : *it) {
    if (!type.is_string() || type.get_ref<const std::string&>().size() > kMaxName) {
      return bad_field("types", "an array of type names (strings)");
    }
    types.push_back(type.get<std::string>());
  }
  return types;
}

Status read_limits(const Json& body, FetchRequest& request) {
  if (auto it = body.find("max"); it != body.end()) {
    auto max = whole_number_in<int>(*it);
    if (!max || *max < 1 || *max > kMaxFetch) {
      return bad_field("max", fmt::format("a whole number from 1 to {}", kMaxFetch));
    }
    request.max = *max;
  }
  if (auto it = body.find("wait"); it != body.end()) {
    double limit = static_cast<double>(kMaxFetchWait) / 1000;
    if (!it->is_number() || it->get<double>() < 0 || it->get<double>() > limit) {
      return bad_field("wait", fmt::format("a number of seconds from 0 to {}", limit));
    }
    request.wait = static_cast<Millis>(it->get<double>() * 1000);
  }
  return {};
}

Status read_end(const Json& body, Millis now, WorkerReport& report) {
  if (report.end == WorkerEnd::completed) {
    if (auto it = body.find("result"); it != body.end() && !it->is_null()) {
      JobEvent result;
      result.kind = EventKind::result;
      result.at = now;
      result.value = *it;
      report.events.push_back(std::move(result));
    }
  }
  if (report.end == WorkerEnd::failed) {
    DROVER_TRY(error, short_string(body, "error", kMaxError, false));
    report.error = error->empty() ? "the worker reported a failure" : std::move(*error);
  }
  return {};
}

Result<WorkerEnd> parse_end(const Json& body) {
  auto it = body.find("end");
  if (it == body.end() || it->is_null()) return WorkerEnd::none;
  if (*it == "complete") return WorkerEnd::completed;
  if (*it == "fail") return WorkerEnd::failed;
  return bad_field("end", "\"complete\" or \"fail\" (or absent)");
}

}  // namespace

Result<FetchRequest> parse_fetch_request(const Json& body) {
  DROVER_RETURN_IF_ERROR(check_fields(body, {"worker", "types", "max", "wait"}, "a fetch"));
  FetchRequest request;
  DROVER_TRY(worker, parse_identity(body));
  request.worker = std::move(*worker);
  if (request.worker.id.empty()) {
    request.worker.id = request.worker.host.empty()
                            ? "anonymous"
                            : fmt::format("{}:{}", request.worker.host, request.worker.pid);
  }
  DROVER_TRY(types, parse_types(body));
  request.types = std::move(*types);
  DROVER_RETURN_IF_ERROR(read_limits(body, request));
  return request;
}

Result<WorkerReport> parse_worker_report(const Json& body, std::optional<WorkerEnd> end,
                                         Millis now) {
  DROVER_RETURN_IF_ERROR(
      check_fields(body, {"job", "token", "events", "end", "result", "error"}, "a report"));
  if (!end) {
    DROVER_TRY(said, parse_end(body));
    end = *said;
  }
  WorkerReport report;
  auto it = body.find("job");
  auto job = it == body.end() ? std::nullopt : whole_number_in<JobId>(*it);
  if (!job || *job < 1) return bad_field("job", "a job id (a whole number >= 1)");
  report.job_id = *job;
  DROVER_TRY(token, short_string(body, "token", kMaxToken, true));
  report.token = std::move(*token);
  if (auto events = body.find("events"); events != body.end()) {
    DROVER_TRY(parsed, parse_worker_events(*events, now));
    report.events = std::move(*parsed);
  }
  report.end = *end;
  DROVER_RETURN_IF_ERROR(read_end(body, now, report));
  return report;
}

Result<std::vector<WorkerReport>> parse_worker_reports(const Json& body, Millis now) {
  DROVER_RETURN_IF_ERROR(check_fields(body, {"reports"}, "a batch of reports"));
  auto it = body.find("reports");
  if (it == body.end() || !it->is_array() || it->size() > kMaxReports) {
    return bad_field("reports", fmt::format("an array of at most {} reports", kMaxReports));
  }
  std::vector<WorkerReport> reports;
  for (std::size_t i = 0; i < it->size(); ++i) {
    auto report = parse_worker_report((*it)[i], std::nullopt, now);
    if (!report) {
      return make_error(ErrorCode::invalid, "reports[{}]: {}", i, report.error().message);
    }
    reports.push_back(std::move(*report));
  }
  return reports;
}

}  // namespace drover
