// Routes under /api/workers: the worker protocol (fetch, report, complete,
// fail, a batch of reports) and the list of connected workers.
#include "api/routes.h"
#include "api/worker_request.h"

namespace drover {
namespace {

Json assignment_json(const Assignment& assignment) {
  const WorkOffer& offer = assignment.offer;
  return {{"id", offer.job_id},
          {"attempt", offer.attempt},
          {"token", offer.token},
          {"type", offer.type},
          {"params", offer.params},
          {"checkpoint", offer.checkpoint ? *offer.checkpoint : Json(nullptr)},
          {"resumed", offer.checkpoint.has_value()},
          {"lease_seconds", static_cast<double>(offer.lease) / 1000},
          {"lease_until", format_rfc3339(assignment.lease_until)}};
}

Json answer_json(const ReportAnswer& answer) {
  return {{"job", answer.job_id},
          {"stop", answer.stop},
          {"stop_reason", answer.stop ? Json(answer.stop_reason) : Json(nullptr)},
          {"ended", answer.ended},
          {"lease_until", answer.ended ? Json(nullptr) : Json(format_rfc3339(answer.lease_until))}};
}

Json error_json(const Error& error) {
  return {{"code", error_code_name(error.code)}, {"message", error.message}};
}

Json worker_json(const WorkerStatus& worker) {
  return {{"id", worker.identity.id},
          {"host", worker.identity.host},
          {"pid", worker.identity.pid},
          {"types", worker.types},
          {"jobs", worker.jobs},
          {"last_seen", worker.last_seen ? Json(format_rfc3339(worker.last_seen)) : Json(nullptr)},
          {"fetching", worker.fetching}};
}

Json assignments_json(const std::vector<Assignment>& taken) {
  Json jobs = Json::array();
  for (const Assignment& assignment : taken) jobs.push_back(assignment_json(assignment));
  return Json{{"jobs", std::move(jobs)}};
}

// A fetch whose client leaves before its answer (a worker killed during its
// long-poll) stops waiting, so no offer goes to nobody; attempts handed to
// it meanwhile are offered again at once rather than when their lease ends.
void fetch(Engine& engine, HttpRequest& request, Responder respond) {
  auto body = parse_json_body(request);
  if (!body) return respond(HttpResponse::error(body.error()));
  auto fetch = parse_fetch_request(*body);
  if (!fetch) return respond(HttpResponse::error(fetch.error()));
  auto answered = std::make_shared<bool>(false);
  auto gone = std::make_shared<bool>(false);
  std::uint64_t waiting = engine.fetch_work(
      std::move(*fetch), [&engine, respond, answered, gone](Result<std::vector<Assignment>> taken) {
        *answered = true;
        if (!taken) return respond(HttpResponse::error(taken.error()));
        if (*gone) {
          if (!taken->empty()) engine.give_back_work(*taken);
          return;
        }
        respond(HttpResponse::json(200, assignments_json(*taken)));
      });
  if (*answered || !request.on_hangup) return;
  request.on_hangup([&engine, waiting, gone] {
    *gone = true;
    engine.abandon_fetch(waiting);
  });
}

// One report: its answer, or its refusal (409 for an attempt not held) as the status.
void report_one(Engine& engine, HttpRequest& request, std::optional<WorkerEnd> end,
                Responder respond) {
  auto body = parse_json_body(request);
  if (!body) return respond(HttpResponse::error(body.error()));
  auto report = parse_worker_report(*body, end, engine.clock().now());
  if (!report) return respond(HttpResponse::error(report.error()));
  std::vector<WorkerReport> reports;
  reports.push_back(std::move(*report));
  engine.report_work(std::move(reports),
                     [respond](Result<std::vector<Result<ReportAnswer>>> answers) {
                       if (!answers) return respond(HttpResponse::error(answers.error()));
                       const Result<ReportAnswer>& answer = answers->front();
                       if (!answer) return respond(HttpResponse::error(answer.error()));
                       respond(HttpResponse::json(200, answer_json(*answer)));
                     });
}

// Many reports: one answer each, in order; a refused one carries its error.
void report_many(Engine& engine, HttpRequest& request, Responder respond) {
  auto body = parse_json_body(request);
  if (!body) return respond(HttpResponse::error(body.error()));
  auto reports = parse_worker_reports(*body, engine.clock().now());
  if (!reports) return respond(HttpResponse::error(reports.error()));
  engine.report_work(std::move(*reports),
                     answer<std::vector<Result<ReportAnswer>>>(respond, 200, [](const auto& all) {
                       Json answers = Json::array();
                       for (const Result<ReportAnswer>& answer : all) {
                         answers.push_back(answer ? answer_json(*answer)
                                                  : Json{{"error", error_json(answer.error())}});
                       }
                       return Json{{"answers", std::move(answers)}};
                     }));
}

}  // namespace

void add_worker_routes(Router& router, Engine& engine) {
  router.add("GET", "/api/workers", [&engine](HttpRequest&, Responder respond) {
    Json workers = Json::array();
    for (const WorkerStatus& worker : engine.workers()) workers.push_back(worker_json(worker));
    respond(HttpResponse::json(200, {{"workers", std::move(workers)}}));
  });
  router.add("POST", "/api/workers/fetch", [&engine](HttpRequest& request, Responder respond) {
    fetch(engine, request, std::move(respond));
  });
  const std::pair<const char*, std::optional<WorkerEnd>> singles[] = {
      {"/api/workers/report", std::nullopt},
      {"/api/workers/complete", WorkerEnd::completed},
      {"/api/workers/fail", WorkerEnd::failed}};
  for (const auto& single : singles) {
    std::optional<WorkerEnd> end = single.second;
    router.add("POST", single.first, [&engine, end](HttpRequest& request, Responder respond) {
      report_one(engine, request, end, std::move(respond));
    });
  }
  router.add("POST", "/api/workers/reports", [&engine](HttpRequest& request, Responder respond) {
    report_many(engine, request, std::move(respond));
  });
}

}  // namespace drover
