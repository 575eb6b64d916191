#include "exec/apply_event.h"

namespace drover {
namespace {

// Keeps the newest kItemsKept entries.
template <typename T>
void keep_newest(RecentList<T>& list, T entry) {
  list.push(std::move(entry), kItemsKept);
}

void apply_item(Progress& progress, const JobEvent& event) {
  switch (event.outcome) {
    case ItemOutcome::ok:
      progress.items_completed++;
      keep_newest(progress.completed, event.item);
      break;
    case ItemOutcome::skip:
      progress.items_skipped++;
      keep_newest(progress.skipped, event.item);
      break;
    case ItemOutcome::fail:
      progress.items_failed++;
      keep_newest(progress.failed, FailedItem{event.item, event.text});
      break;
  }
}

}  // namespace

void apply_event(Job& job, const JobEvent& event) {
  Progress& progress = job.progress;
  // Work done: the next pause is a first one again (sched/job_pause.h).
  if (event.kind == EventKind::progress || event.kind == EventKind::item ||
      event.kind == EventKind::checkpoint) {
    progress.pauses_without_progress = 0;
  }
  switch (event.kind) {
    case EventKind::progress:
      if (event.current) progress.current = *event.current;
      if (event.total) progress.total = event.total;
      if (!event.item.empty()) progress.item = event.item;
      break;
    case EventKind::total:
      progress.total = event.total;
      break;
    case EventKind::item:
      apply_item(progress, event);
      break;
    case EventKind::message:
      progress.message = event.text;
      break;
    case EventKind::checkpoint:
      job.checkpoint = Checkpoint{event.value, event.at};
      break;
    case EventKind::result:
      job.result = event.value;
      break;
    case EventKind::pause:
      job.resume_at = event.until;
      job.state_reason = event.text.empty() ? "paused by the job" : event.text;
      break;
  }
}

bool needs_full_durability(const JobEvent& event) {
  return event.kind == EventKind::checkpoint || event.kind == EventKind::result ||
         event.kind == EventKind::pause;
}

}  // namespace drover
