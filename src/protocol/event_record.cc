#include "protocol/event_record.h"

#include "protocol/json_text.h"

namespace drover {
namespace {

Json event_to_json(const JobEvent& event) {
  Json json = {
      {"seq", event.seq}, {"at", format_rfc3339(event.at)}, {"kind", event_kind_name(event.kind)}};
  if (event.current) json["current"] = *event.current;
  if (event.total) json["total"] = *event.total;
  if (event.kind == EventKind::item) json["outcome"] = item_outcome_name(event.outcome);
  if (!event.item.empty()) json["item"] = event.item;
  if (!event.text.empty()) json["text"] = event.text;
  if (event.kind == EventKind::checkpoint || event.kind == EventKind::result) {
    json["value"] = event.value;
  }
  if (event.until) json["until"] = format_rfc3339(*event.until);
  return json;
}

Result<Millis> time_field(const Json& json, const char* name) {
  DROVER_TRY(text, string_field(json, name));
  auto at = parse_rfc3339(*text);
  if (!at) return make_error(ErrorCode::invalid, "field \"{}\" is not an RFC 3339 time", name);
  return *at;
}

Status read_optional_fields(const Json& json, JobEvent& event) {
  event.current = optional_int_field(json, "current");
  event.total = optional_int_field(json, "total");
  if (json.contains("item")) {
    DROVER_TRY(item, string_field(json, "item"));
    event.item = std::move(*item);
  }
  if (json.contains("text")) {
    DROVER_TRY(text, string_field(json, "text"));
    event.text = std::move(*text);
  }
  if (json.contains("value")) event.value = json["value"];
  if (json.contains("until")) {
    DROVER_TRY(until, time_field(json, "until"));
    event.until = *until;
  }
  return {};
}

Result<JobEvent> event_from_json(const Json& json) {
  JobEvent event;
  DROVER_TRY(seq, int_field(json, "seq"));
  event.seq = *seq;
  DROVER_TRY(at, time_field(json, "at"));
  event.at = *at;
  DROVER_TRY(kind_name, string_field(json, "kind"));
  auto kind = parse_event_kind(*kind_name);
  if (!kind) return make_error(ErrorCode::invalid, "unknown event kind \"{}\"", *kind_name);
  event.kind = *kind;
  if (event.kind == EventKind::item) {
    auto outcome_name = string_field(json, "outcome");
    auto outcome = outcome_name ? parse_item_outcome(*outcome_name) : std::nullopt;
    if (!outcome) return make_error(ErrorCode::invalid, "an item event needs an outcome");
    event.outcome = *outcome;
  }
  Status fields = read_optional_fields(json, event);
  if (!fields) return fields.error();
  return event;
}

}  // namespace

std::string format_event_record(const JobEvent& event) {
  return to_json_text(event_to_json(event)) + "\n";
}

Result<JobEvent> parse_event_record(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  DROVER_TRY(json, parse_json_text(line, "events.jsonl"));
  if (!json->is_object()) return make_error(ErrorCode::invalid, "events.jsonl: not an object");
  auto event = event_from_json(*json);
  if (!event) {
    return make_error(ErrorCode::invalid, "events.jsonl: {}", event.error().message);
  }
  return event;
}

}  // namespace drover
