// Routes under /api/jobs.
#include <charconv>

#include <fmt/format.h>

#include "api/log_follower.h"
#include "api/routes.h"
#include "api/submit_request.h"
#include "core/duration.h"
#include "core/job_json.h"
#include "core/json_number.h"

namespace drover {
namespace {

constexpr int kDefaultPage = 50;
constexpr int kMaxPage = 1000;

// A page size outside what openapi.json promises is refused, not clamped: a
// client asking for 0 or 5000 jobs has a bug it should hear about.
Result<int> parse_page_size(std::string_view text) {
  auto value = parse_non_negative(text, "limit");
  if (value && *value >= 1 && *value <= kMaxPage) return static_cast<int>(*value);
  return make_error(ErrorCode::invalid,
                    "limit must be a whole number from 1 to {} (default {}), got \"{}\"", kMaxPage,
                    kDefaultPage, text);
}

Result<ListRequest> parse_list_request(const HttpRequest& request) {
  ListRequest list;
  list.filter.limit = kDefaultPage;
  if (auto states = request.query_value("state"); states && !states->empty()) {
    for (std::size_t start = 0; start <= states->size();) {
      std::size_t comma = std::min(states->find(',', start), states->size());
      std::string name = states->substr(start, comma - start);
      auto state = parse_state(name);
      if (!state) {
        return make_error(ErrorCode::invalid,
                          "unknown state \"{}\"; states are queued, running, completed, failed, "
                          "cancelled, paused, interrupted",
                          name);
      }
      list.filter.states.push_back(*state);
      start = comma + 1;
    }
  }
  if (auto type = request.query_value("type"); type && !type->empty()) list.filter.type = type;
  if (auto key = request.query_value("key"); key && !key->empty()) list.filter.key = key;
  if (auto limit = request.query_value("limit")) {
    DROVER_TRY(value, parse_page_size(*limit));
    list.filter.limit = *value;
  }
  if (auto cursor = request.query_value("cursor"); cursor && !cursor->empty()) {
    DROVER_TRY(value, parse_non_negative(*cursor, "cursor"));
    list.filter.before_id = *value;
  }
  list.filter.top_level = request.query_value("top_level").has_value();
  list.recent_only =
      !request.query_value("all") && list.filter.states.empty() && !list.filter.before_id;
  return list;
}

Json page_json(const JobPage& page) {
  Json jobs = Json::array();
  for (const Job& job : page.jobs) jobs.push_back(job_to_json(job, JsonDetail::summary));
  return {{"jobs", std::move(jobs)},
          {"next_cursor", page.next_cursor ? Json(*page.next_cursor) : Json(nullptr)}};
}

Json full_json(const Job& job) { return job_to_json(job); }

void submit(Engine& engine, HttpRequest& request, Responder respond) {
  auto body = parse_json_body(request);
  if (!body) return respond(HttpResponse::error(body.error()));
  if (body->is_object() && body->contains("jobs")) {
    std::vector<SubmitRequest> requests;
    for (const Json& item : body->value("jobs", Json::array())) {
      auto parsed = parse_submit_request(item);
      if (!parsed) return respond(HttpResponse::error(parsed.error()));
      requests.push_back(std::move(*parsed));
    }
    return engine.submit_many(std::move(requests),
                              answer<std::vector<Job>>(respond, 201, [](const auto& jobs) {
                                Json list = Json::array();
                                for (const Job& job : jobs) {
                                  list.push_back(job_to_json(job, JsonDetail::summary));
                                }
                                return Json{{"jobs", std::move(list)}};
                              }));
  }
  auto parsed = parse_submit_request(*body);
  if (!parsed) return respond(HttpResponse::error(parsed.error()));
  engine.submit(std::move(*parsed), [respond](Result<Job> job) {
    if (!job) return respond(HttpResponse::error(job.error()));
    // 201 for a new job; 200 when an existing one (or a cached result) answers.
    bool existing = job->deduplicated || job->cached_from.has_value();
    respond(HttpResponse::json(existing ? 200 : 201, job_to_json(*job)));
  });
}

// ?follow=1: Server-Sent Events from `offset`, or from the Last-Event-ID an
// EventSource sends when it reconnects (the byte offset it had reached).
void follow_logs(Engine& engine, const HttpRequest& request, JobId id, std::optional<int> attempt,
                 std::uint64_t offset, Responder respond) {
  if (auto last = parse_non_negative(request.header("last-event-id"), "Last-Event-ID")) {
    offset = static_cast<std::uint64_t>(*last);
  }
  respond(HttpResponse::event_stream([&engine, id, attempt, offset](auto stream) {
    LogFollower::start(engine, id, attempt, offset, std::move(stream));
  }));
}

void logs(Engine& engine, HttpRequest& request, Responder respond) {
  auto id = job_id_param(request);
  if (!id) return respond(HttpResponse::error(id.error()));
  std::optional<int> attempt;
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> tail;
  for (auto [name, target] : {std::pair{"attempt", 0}, {"offset", 1}, {"tail", 2}}) {
    auto text = request.query_value(name);
    if (!text || text->empty()) continue;
    auto value = parse_non_negative(*text, name);
    if (!value) return respond(HttpResponse::error(value.error()));
    if (target == 0) attempt = static_cast<int>(*value);
    if (target == 1) offset = static_cast<std::uint64_t>(*value);
    if (target == 2) tail = static_cast<std::uint64_t>(*value);
  }
  auto chunk = engine.read_log(*id, attempt, offset, tail);
  if (!chunk) return respond(HttpResponse::error(chunk.error()));
  if (request.query_value("follow") == "1") {
    return follow_logs(engine, request, *id, attempt, offset, std::move(respond));
  }
  HttpResponse response;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::move(chunk->text);
  response.headers = {{"X-Drover-Next-Offset", std::to_string(chunk->next_offset)},
                      {"X-Drover-Log-Truncated", chunk->truncated ? "1" : "0"},
                      {"X-Drover-Log-Finished", chunk->finished ? "1" : "0"},
                      {"X-Drover-Attempt", std::to_string(chunk->attempt)},
                      {"X-Drover-Job-State", std::string(state_name(chunk->job_state))}};
  respond(std::move(response));
}

// {"older_than": "24h", "keep": 100, "dry_run": true}; absent fields come
// from [retention].
Result<CleanRequest> parse_clean_request(const HttpRequest& request, const Config& config) {
  DROVER_TRY(body, request.body.empty() ? Result<Json>(Json::object()) : parse_json_body(request));
  CleanRequest clean{config.retention.finished, config.retention.keep_last, false};
  if (auto it = body->find("older_than"); it != body->end()) {
    DROVER_TRY(older_than, it->is_string() ? parse_duration(it->get<std::string>())
                                           : Result<Millis>(make_error(
                                                 ErrorCode::invalid,
                                                 "older_than must be a duration like \"24h\"")));
    clean.older_than = *older_than;
  }
  if (auto it = body->find("keep"); it != body->end()) {
    auto keep = whole_number_in<int>(*it);
    if (!keep || *keep < 0) {
      return make_error(ErrorCode::invalid, "keep must be a non-negative integer");
    }
    clean.keep = *keep;
  }
  clean.dry_run = body->value("dry_run", false);
  return clean;
}

}  // namespace

void add_job_routes(Router& router, Engine& engine) {
  router.add("POST", "/api/jobs", [&engine](HttpRequest& request, Responder respond) {
    submit(engine, request, std::move(respond));
  });
  router.add("GET", "/api/jobs", [&engine](HttpRequest& request, Responder respond) {
    auto list = parse_list_request(request);
    if (!list) return respond(HttpResponse::error(list.error()));
    auto page = engine.list(*list);
    if (!page) return respond(HttpResponse::error(page.error()));
    respond(HttpResponse::json(200, page_json(*page)));
  });
  router.add("GET", "/api/jobs/{id}", [&engine](HttpRequest& request, Responder respond) {
    auto id = job_id_param(request);
    if (!id) return respond(HttpResponse::error(id.error()));
    auto job = engine.get(*id);
    if (!job) return respond(HttpResponse::error(job.error()));
    respond(HttpResponse::json(200, job_to_json(*job)));
  });
  router.add("POST", "/api/jobs/{id}/{action}", [&engine](HttpRequest& request, Responder respond) {
    auto id = job_id_param(request);
    if (!id) return respond(HttpResponse::error(id.error()));
    auto action = parse_job_action(request.path_params.at("action"));
    if (!action) {
      return respond(HttpResponse::error(404, "not_found",
                                         "actions are cancel, kill, pause, resume and retry"));
    }
    engine.act(*id, *action, answer<Job>(respond, 200, full_json));
  });
  router.add("DELETE", "/api/jobs/{id}", [&engine](HttpRequest& request, Responder respond) {
    auto id = job_id_param(request);
    if (!id) return respond(HttpResponse::error(id.error()));
    engine.remove(*id, answer<JobId>(respond, 200, [](JobId removed) {
      return Json{{"deleted", removed}};
    }));
  });
  router.add("POST", "/api/clean", [&engine](HttpRequest& request, Responder respond) {
    auto clean = parse_clean_request(request, engine.config());
    if (!clean) return respond(HttpResponse::error(clean.error()));
    bool dry_run = clean->dry_run;
    engine.clean(*clean, answer<std::vector<JobId>>(respond, 200, [dry_run](const auto& ids) {
      return Json{{dry_run ? "would_remove" : "removed", ids}};
    }));
  });
  router.add("GET", "/api/interrupted", [&engine](HttpRequest&, Responder respond) {
    auto jobs = engine.resumable_jobs(kMaxPage);
    if (!jobs) return respond(HttpResponse::error(jobs.error()));
    respond(HttpResponse::json(200, page_json(JobPage{std::move(*jobs), std::nullopt})));
  });
  router.add("GET", "/api/jobs/{id}/logs", [&engine](HttpRequest& request, Responder respond) {
    logs(engine, request, std::move(respond));
  });
}

}  // namespace drover
