// GET /api/jobs/{id}/progress: the job's progress over time, every attempt's
// in turn, read back from their events.jsonl (exec/progress_history.h) for
// the chart on its page. Read on a thread of its own: a long job's files are
// sampled, but they are still files, and the loop never waits on disk.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <memory>

#include "api/routes.h"
#include "exec/progress_history.h"
#include "protocol/shim_files.h"

namespace drover {
namespace {

// Points asked for in all; the attempts share them.
constexpr std::size_t kMaxPoints = 300;

struct AttemptEvents {
  int attempt = 0;
  std::filesystem::path file;
};

Json history_json(const std::vector<AttemptEvents>& attempts) {
  Json points = Json::array();
  std::size_t share = kMaxPoints / std::max<std::size_t>(attempts.size(), 1);
  for (const AttemptEvents& events : attempts) {
    for (const ProgressPoint& point :
         read_progress_history(events.file, std::max<std::size_t>(share, 2))) {
      points.push_back({{"at", format_rfc3339(point.at)},
                        {"attempt", events.attempt},
                        {"current", point.current},
                        {"total", point.total ? Json(*point.total) : Json(nullptr)}});
    }
  }
  return {{"points", std::move(points)}};
}

}  // namespace

void add_progress_routes(Router& router, Engine& engine) {
  auto workers = std::make_shared<boost::asio::thread_pool>(1);
  router.add("GET", "/api/jobs/{id}/progress",
             [&engine, workers](HttpRequest& request, Responder respond) {
               auto id = job_id_param(request);
               if (!id) return respond(HttpResponse::error(id.error()));
               auto job = engine.snapshot(*id);
               if (!job) return respond(HttpResponse::error(job.error()));
               std::vector<AttemptEvents> attempts;
               for (const Attempt& attempt : job->attempts) {
                 attempts.push_back(
                     {attempt.n, engine.attempt_dir(*id, attempt.n) / std::string(kEventsFile)});
               }
               boost::asio::post(
                   *workers, [attempts = std::move(attempts), loop = request.executor, respond]() {
                     Json body = history_json(attempts);
                     boost::asio::post(loop, [respond, body = std::move(body)]() {
                       respond(HttpResponse::json(200, body));
                     });
                   });
             });
}

}  // namespace drover
