// How long a page of `drover ls` / GET /api/jobs takes from a SQLite store
// holding 100,000 jobs (each with one attempt and two history rows), for each
// kind of filter. Baseline in the same run: get_job of one job by id.
// Usage: store_list_bench [jobs]   (default 100000)
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"

// JobFilters are spelled with designated initializers; g++ 12 warns about the
// members they leave out, which is their point.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace {

using namespace drover;

constexpr int kBatchSize = 5000;
constexpr int kRepeats = 200;
constexpr int kTypes = 10;
constexpr int kKeys = 1000;

// 90% of a long-lived store's jobs are completed; 2% each in these states.
constexpr std::array<JobState, 5> kOtherStates{
    JobState::running, JobState::queued, JobState::failed, JobState::paused, JobState::cancelled};

JobState state_for(JobId id) {
  auto slot = static_cast<std::size_t>(id % 50);
  return slot < kOtherStates.size() ? kOtherStates[slot] : JobState::completed;
}

Job sample_job(JobId id) {
  Job job;
  job.id = id;
  job.type = "type-" + std::to_string(id % kTypes);
  job.params = {{"url", "https://example.com/repo/" + std::to_string(id)}, {"depth", 1}};
  job.key = "source:" + std::to_string(id % kKeys);
  job.state = state_for(id);
  job.created_at = 1'700'000'000'000 + id * 1000;
  job.started_at = job.created_at + 10;
  job.progress.current = id % 245;
  job.progress.total = 245;
  job.progress.item = "item-" + std::to_string(id);
  return job;
}

void add_sample_batch(WriteBatch& batch, JobId id) {
  Job job = sample_job(id);
  Attempt attempt;
  attempt.n = 1;
  attempt.token = "token-" + std::to_string(id);
  attempt.node = "host";
  attempt.pid = static_cast<int>(1000 + id % 30000);
  attempt.started_at = job.started_at.value_or(0);
  batch.attempts.emplace_back(id, attempt);
  batch.history.emplace_back(
      id, Transition{job.created_at + 10, JobState::queued, JobState::running, "started"});
  batch.history.emplace_back(id, Transition{job.created_at + 20, JobState::running, job.state, ""});
  batch.jobs.push_back(std::move(job));
}

bool fill(Store& store, int count) {
  WriteBatch batch;
  for (int i = 0; i < count; ++i) {
    add_sample_batch(batch, store.next_job_id());
    if (batch.jobs.size() == kBatchSize || i + 1 == count) {
      Status committed = store.commit(batch, Durability::full);
      if (!committed) {
        std::fprintf(stderr, "commit failed: %s\n", committed.error().message.c_str());
        return false;
      }
      batch.clear();
    }
  }
  return true;
}

// Median wall time of `kRepeats` runs, in milliseconds.
double median_ms(const std::function<bool()>& run) {
  std::vector<double> times;
  for (int i = 0; i < kRepeats; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (!run()) return -1;
    auto elapsed = std::chrono::steady_clock::now() - start;
    times.push_back(std::chrono::duration<double, std::milli>(elapsed).count());
  }
  std::nth_element(times.begin(), times.begin() + kRepeats / 2, times.end());
  return times[kRepeats / 2];
}

void print_figure(const std::string& what, double ms, const std::string& note) {
  std::printf("%-44s %8.3f ms  (%s, median of %d)\n", what.c_str(), ms, note.c_str(), kRepeats);
}

void report_list(Store& store, const char* what, const JobFilter& filter) {
  std::size_t rows = 0;
  double ms = median_ms([&] {
    Result<std::vector<Job>> page = store.list_jobs(filter);
    rows = page.ok() ? page->size() : 0;
    return page.ok();
  });
  print_figure(std::string("list_jobs ") + what, ms, std::to_string(rows) + " jobs");
}

void report_all(Store& store, int count) {
  double get_ms = median_ms([&] { return store.get_job(count / 2).ok(); });
  print_figure("baseline: get_job of one job by id", get_ms, "with attempts and history");
  report_list(store, "newest page of 50", {});
  report_list(store, "page of 50 at cursor mid-table", {.before_id = count / 2});
  report_list(store, "state=completed (common)", {.states = {JobState::completed}});
  report_list(store, "state=running (rare)", {.states = {JobState::running}});
  report_list(store, "state=queued|running|paused",
              {.states = {JobState::queued, JobState::running, JobState::paused}});
  report_list(store, "type=type-3", {.type = "type-3"});
  report_list(store, "key=source:7", {.key = "source:7"});
  report_list(store, "type+state+cursor",
              {.states = {JobState::failed}, .type = "type-2", .before_id = count / 2});
  double count_ms = median_ms([&] { return store.count_jobs_by_state().ok(); });
  print_figure("count_jobs_by_state", count_ms, "every state");
}

}  // namespace

int main(int argc, char** argv) {
  int count = argc > 1 ? std::atoi(argv[1]) : 100000;
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("drover-store-bench-" + std::to_string(std::random_device()()));
  Result<std::unique_ptr<Store>> store = open_sqlite_store((dir / "drover.db").string());
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  auto start = std::chrono::steady_clock::now();
  if (!fill(**store, count)) return 1;
  double fill_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("fill: %d jobs in batches of %d (full durability): %.2f s\n", count, kBatchSize,
              fill_s);
  report_all(**store, count);
  store->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
