// GET /metrics: the daemon in Prometheus text format. Jobs by state and
// type (from the store), queues and resources (from the scheduler), and the
// engine's counters.
#include <fmt/format.h>

#include "api/prometheus_text.h"
#include "api/routes.h"

namespace drover {
namespace {

Status write_jobs(PrometheusText& out, Engine& engine) {
  DROVER_TRY(counts, engine.count_jobs());
  out.family("drover_jobs", "gauge", "Jobs stored, by state and type.");
  for (const auto& [key, count] : *counts) {
    out.sample("drover_jobs", {{"state", std::string(state_name(key.first))}, {"type", key.second}},
               static_cast<double>(count));
  }
  return {};
}

void write_queues(PrometheusText& out, Engine& engine) {
  std::vector<QueueStatus> queues = engine.queues();
  out.family("drover_queue_depth", "gauge", "Jobs waiting in the queue.");
  for (const QueueStatus& queue : queues)
    out.sample("drover_queue_depth", {{"queue", queue.name}}, queue.queued);
  out.family("drover_queue_running", "gauge", "Jobs of the queue running now.");
  for (const QueueStatus& queue : queues)
    out.sample("drover_queue_running", {{"queue", queue.name}}, queue.running);
  out.family("drover_queue_parallel", "gauge", "The queue's concurrency limit.");
  for (const QueueStatus& queue : queues)
    out.sample("drover_queue_parallel", {{"queue", queue.name}}, queue.parallel);
  out.family("drover_queue_paused", "gauge", "1 when the queue is paused.");
  for (const QueueStatus& queue : queues)
    out.sample("drover_queue_paused", {{"queue", queue.name}}, queue.paused ? 1 : 0);
}

void write_resources(PrometheusText& out, Engine& engine) {
  std::vector<ResourceStatus> resources = engine.resources();
  out.family("drover_resource_holders", "gauge", "Running jobs holding the resource.");
  for (const ResourceStatus& resource : resources) {
    out.sample("drover_resource_holders", {{"resource", resource.name}},
               static_cast<double>(resource.holders.size()));
  }
  out.family("drover_resource_capacity", "gauge", "How many jobs may hold the resource at once.");
  for (const ResourceStatus& resource : resources) {
    out.sample("drover_resource_capacity", {{"resource", resource.name}}, resource.capacity);
  }
}

void write_counters(PrometheusText& out, const EngineStats& stats) {
  out.family("drover_events_ingested_total", "counter",
             "Job events (progress, items, checkpoints...) received from running jobs.");
  out.sample("drover_events_ingested_total", static_cast<double>(stats.events_ingested));
  const DurationHistogram& histogram = stats.attempt_seconds;
  constexpr std::string_view kName = "drover_attempt_duration_seconds";
  out.family(kName, "histogram", "How long attempts ran, observed when they end.");
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < histogram.counts.size(); ++i) {
    cumulative += histogram.counts[i];
    std::string bound = i < DurationHistogram::kBounds.size()
                            ? fmt::format("{}", DurationHistogram::kBounds[i])
                            : "+Inf";
    out.sample(fmt::format("{}_bucket", kName), {{"le", bound}}, static_cast<double>(cumulative));
  }
  out.sample(fmt::format("{}_sum", kName), histogram.sum);
  out.sample(fmt::format("{}_count", kName), static_cast<double>(histogram.count));
}

}  // namespace

void add_metrics_routes(Router& router, Engine& engine) {
  router.add("GET", "/metrics", [&engine](HttpRequest&, Responder respond) {
    PrometheusText out;
    if (auto status = write_jobs(out, engine); !status) {
      return respond(HttpResponse::error(status.error()));
    }
    write_queues(out, engine);
    write_resources(out, engine);
    write_counters(out, engine.stats());
    HttpResponse response;
    response.content_type = PrometheusText::kContentType;
    response.body = out.text();
    respond(std::move(response));
  });
}

}  // namespace drover
