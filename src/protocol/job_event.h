// A job event: what a job reports by printing an `@drover ...` line
// (DESIGN.md, Job events). The shim parses the lines into these and appends
// them to events.jsonl; the daemon reads them back and applies them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/job.h"

namespace drover {

enum class EventKind { progress, total, item, message, checkpoint, result, pause };

enum class ItemOutcome { ok, fail, skip };

struct JobEvent {
  EventKind kind = EventKind::message;
  std::int64_t seq = 0;  // 1, 2, 3... within an attempt
  Millis at = 0;
  std::optional<std::int64_t> current;    // progress
  std::optional<std::int64_t> total;      // progress, total
  std::string item;                       // progress (current item), item
  ItemOutcome outcome = ItemOutcome::ok;  // item
  std::string text;                       // message; item error; pause reason
  Json value;                             // checkpoint, result
  std::optional<Millis> until;            // pause: absolute time

  bool operator==(const JobEvent&) const = default;
};

// "progress", "total", ... as written in event lines and events.jsonl.
std::string_view event_kind_name(EventKind kind);
std::optional<EventKind> parse_event_kind(std::string_view name);

// "ok", "fail", "skip".
std::string_view item_outcome_name(ItemOutcome outcome);
std::optional<ItemOutcome> parse_item_outcome(std::string_view name);

}  // namespace drover
