#include "protocol/worker_events.h"

#include <fmt/format.h>

#include "core/json_number.h"
#include "protocol/event_parser.h"

namespace drover {
namespace {

constexpr std::size_t kMaxText = 64 * 1024;  // an item name, message or reason

Error bad(std::size_t index, std::string_view what) {
  return make_error(ErrorCode::invalid, "events[{}]: {}", index, what);
}

Result<std::string> text_of(const Json& event, const char* name, std::size_t index, bool required) {
  auto it = event.find(name);
  if (it == event.end() || (!required && it->is_null())) {
    if (!required) return std::string();
    return bad(index, fmt::format("\"{}\" is required", name));
  }
  if (!it->is_string()) return bad(index, fmt::format("\"{}\" must be a string", name));
  auto text = it->get<std::string>();
  if (text.size() > kMaxText) {
    return bad(index, fmt::format("\"{}\" is longer than {} bytes", name, kMaxText));
  }
  return text;
}

Result<std::optional<std::int64_t>> count_of(const Json& event, const char* name,
                                             std::size_t index) {
  auto it = event.find(name);
  if (it == event.end() || it->is_null()) return std::optional<std::int64_t>();
  auto count = whole_number_in<std::int64_t>(*it);
  if (!count || *count < 0) {
    return bad(index, fmt::format("\"{}\" must be a whole number >= 0", name));
  }
  return std::optional<std::int64_t>(*count);
}

Status read_progress(const Json& json, std::size_t index, JobEvent& event) {
  DROVER_TRY(current, count_of(json, "current", index));
  if (!*current) return bad(index, "a progress event needs \"current\"");
  event.current = *current;
  DROVER_TRY(total, count_of(json, "total", index));
  event.total = *total;
  DROVER_TRY(item, text_of(json, "item", index, false));
  event.item = std::move(*item);
  return {};
}

Status read_total(const Json& json, std::size_t index, JobEvent& event) {
  DROVER_TRY(total, count_of(json, "total", index));
  if (!*total) return bad(index, "a total event needs \"total\"");
  event.total = *total;
  return {};
}

Status read_item(const Json& json, std::size_t index, JobEvent& event) {
  DROVER_TRY(outcome_name, text_of(json, "outcome", index, false));
  auto outcome = parse_item_outcome(outcome_name->empty() ? "ok" : *outcome_name);
  if (!outcome) return bad(index, "\"outcome\" must be \"ok\", \"fail\" or \"skip\"");
  event.outcome = *outcome;
  DROVER_TRY(item, text_of(json, "item", index, true));
  event.item = std::move(*item);
  DROVER_TRY(error, text_of(json, "error", index, false));
  event.text = std::move(*error);
  return {};
}

Status read_message(const Json& json, std::size_t index, JobEvent& event) {
  DROVER_TRY(text, text_of(json, "text", index, true));
  event.text = std::move(*text);
  return {};
}

Status read_value(const Json& json, std::size_t index, JobEvent& event) {
  auto it = json.find("value");
  if (it == json.end()) return bad(index, "\"value\" is required (any JSON value)");
  event.value = *it;
  return {};
}

Status read_pause(const Json& json, std::size_t index, JobEvent& event) {
  DROVER_TRY(until, text_of(json, "until", index, true));
  event.until = parse_pause_until(*until, event.at);
  if (!event.until) {
    return bad(index, "\"until\" must be \"+DURATION\" (\"+15m\") or an RFC 3339 time");
  }
  DROVER_TRY(reason, text_of(json, "reason", index, false));
  event.text = std::move(*reason);
  return {};
}

using Reader = Status (*)(const Json&, std::size_t, JobEvent&);

Reader reader_for(EventKind kind) {
  switch (kind) {
    case EventKind::progress:
      return read_progress;
    case EventKind::total:
      return read_total;
    case EventKind::item:
      return read_item;
    case EventKind::message:
      return read_message;
    case EventKind::checkpoint:
    case EventKind::result:
      return read_value;
    case EventKind::pause:
      return read_pause;
  }
  return read_message;
}

Result<JobEvent> parse_one(const Json& json, std::size_t index, Millis now) {
  if (!json.is_object()) return bad(index, "an event must be an object with a \"kind\"");
  DROVER_TRY(kind_name, text_of(json, "kind", index, true));
  auto kind = parse_event_kind(*kind_name);
  if (!kind) {
    return bad(index, fmt::format("unknown kind \"{}\"; kinds are progress, total, item, "
                                  "message, checkpoint, result and pause",
                                  kind_name->substr(0, 40)));
  }
  JobEvent event;
  event.kind = *kind;
  event.at = now;
  DROVER_RETURN_IF_ERROR(reader_for(*kind)(json, index, event));
  return event;
}

}  // namespace

Result<std::vector<JobEvent>> parse_worker_events(const Json& events, Millis now) {
  if (!events.is_array()) return make_error(ErrorCode::invalid, "\"events\" must be an array");
  if (events.size() > kMaxEventsPerReport) {
    return make_error(ErrorCode::invalid,
                      "{} events in one report; send at most {} per report (progress is "
                      "cumulative: only the last one counts)",
                      events.size(), kMaxEventsPerReport);
  }
  std::vector<JobEvent> parsed;
  parsed.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    DROVER_TRY(event, parse_one(events[i], i, now));
    parsed.push_back(std::move(*event));
  }
  return parsed;
}

Json worker_event_to_json(const JobEvent& event) {
  Json json = {{"kind", event_kind_name(event.kind)}};
  if (event.current) json["current"] = *event.current;
  if (event.total) json["total"] = *event.total;
  if (!event.item.empty()) json["item"] = event.item;
  switch (event.kind) {
    case EventKind::item:
      json["outcome"] = item_outcome_name(event.outcome);
      if (!event.text.empty()) json["error"] = event.text;
      break;
    case EventKind::message:
      json["text"] = event.text;
      break;
    case EventKind::checkpoint:
    case EventKind::result:
      json["value"] = event.value;
      break;
    case EventKind::pause:
      if (event.until) json["until"] = format_rfc3339(*event.until);
      if (!event.text.empty()) json["reason"] = event.text;
      break;
    case EventKind::progress:
    case EventKind::total:
      break;
  }
  return json;
}

}  // namespace drover
