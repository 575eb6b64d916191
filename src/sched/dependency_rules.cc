#include "sched/dependency_rules.h"

#include <algorithm>
#include <functional>

#include <fmt/format.h>

namespace drover {
namespace {

// Depth-first search for a cycle among the batch's own references; returns
// its path ("1 → 2 → 1"), or an empty string.
std::string batch_cycle(const std::vector<SubmitRequest>& requests) {
  enum class Mark { fresh, open, done };
  std::vector<Mark> marks(requests.size(), Mark::fresh);
  std::vector<std::size_t> path;
  std::function<std::string(std::size_t)> visit = [&](std::size_t at) -> std::string {
    marks[at] = Mark::open;
    path.push_back(at);
    for (std::size_t next : requests[at].after_in_batch) {
      if (marks[next] == Mark::open) {
        std::string cycle;
        auto from = std::find(path.begin(), path.end(), next);
        for (auto it = from; it != path.end(); ++it) cycle += fmt::format("{} → ", *it + 1);
        return cycle + std::to_string(next + 1);
      }
      if (marks[next] == Mark::fresh) {
        if (std::string cycle = visit(next); !cycle.empty()) return cycle;
      }
    }
    path.pop_back();
    marks[at] = Mark::done;
    return "";
  };
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (marks[i] != Mark::fresh) continue;
    if (std::string cycle = visit(i); !cycle.empty()) return cycle;
  }
  return "";
}

}  // namespace

DependencyCheck check_dependency(JobId dependency, std::optional<JobState> state) {
  if (state == JobState::completed) return {DependencyVerdict::satisfied, ""};
  if (state && state != JobState::failed && state != JobState::cancelled) {
    return {DependencyVerdict::wait, ""};
  }
  std::string what =
      !state ? "was removed" : (state == JobState::failed ? "failed" : "was cancelled");
  return {DependencyVerdict::failed, fmt::format("dependency {} {}", dependency, what)};
}

Status check_batch_links(const std::vector<SubmitRequest>& requests) {
  for (std::size_t i = 0; i < requests.size(); ++i) {
    for (std::size_t ref : requests[i].after_in_batch) {
      if (ref >= requests.size()) {
        return make_error(ErrorCode::invalid, "job {}: after \"@{}\": the batch has {} jobs", i + 1,
                          ref + 1, requests.size());
      }
    }
  }
  if (std::string cycle = batch_cycle(requests); !cycle.empty()) {
    return make_error(ErrorCode::invalid,
                      "the jobs of this batch wait for each other in a cycle ({}); remove one "
                      "of those \"after\" references",
                      cycle);
  }
  return {};
}

}  // namespace drover
