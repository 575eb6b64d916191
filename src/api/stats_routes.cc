// GET /api/stats: what the web UI's summary strip and chart show. Jobs by
// state, finished in the last 24 h, and finished / failed per minute over
// the last hour, every minute listed (zeros included) so a client draws it
// as it comes.
#include "api/routes.h"

namespace drover {
namespace {

Json counts_json(const std::map<JobState, std::int64_t>& counts,
                 std::initializer_list<JobState> states) {
  Json json = Json::object();
  for (JobState state : states) {
    auto found = counts.find(state);
    json[std::string(state_name(state))] = found == counts.end() ? 0 : found->second;
  }
  return json;
}

Json per_minute_json(const JobStats& stats) {
  Json minutes = Json::array();
  for (int i = 0; i < JobStats::kChartMinutes; ++i) {
    Millis start = stats.chart_start + i * JobStats::kMinute;
    minutes.push_back(
        {{"minute", format_rfc3339(start)}, {"completed", 0}, {"failed", 0}, {"cancelled", 0}});
  }
  for (const FinishedCount& count : stats.per_minute) {
    auto index =
        static_cast<std::size_t>((count.bucket_start - stats.chart_start) / JobStats::kMinute);
    if (index < minutes.size()) minutes[index][std::string(state_name(count.state))] = count.count;
  }
  return minutes;
}

Json stats_json(const JobStats& stats) {
  using enum JobState;
  return {{"now", format_rfc3339(stats.now)},
          {"states", counts_json(stats.by_state, {queued, running, paused, interrupted, completed,
                                                  failed, cancelled})},
          {"last_24h", counts_json(stats.finished_last_day, {completed, failed, cancelled})},
          {"per_minute", per_minute_json(stats)}};
}

}  // namespace

void add_stats_routes(Router& router, Engine& engine) {
  router.add("GET", "/api/stats", [&engine](HttpRequest&, Responder respond) {
    Result<JobStats> stats = engine.job_stats();
    if (!stats) return respond(HttpResponse::error(stats.error()));
    respond(HttpResponse::json(200, stats_json(*stats)));
  });
}

}  // namespace drover
