#include "protocol/job_event.h"

#include "core/enum_names.h"

namespace drover {
namespace {

constexpr EnumNames<EventKind, 7> kKindNames{{
    {EventKind::progress, "progress"},
    {EventKind::total, "total"},
    {EventKind::item, "item"},
    {EventKind::message, "message"},
    {EventKind::checkpoint, "checkpoint"},
    {EventKind::result, "result"},
    {EventKind::pause, "pause"},
}};

constexpr EnumNames<ItemOutcome, 3> kOutcomeNames{{
    {ItemOutcome::ok, "ok"},
    {ItemOutcome::fail, "fail"},
    {ItemOutcome::skip, "skip"},
}};

}  // namespace

std::string_view event_kind_name(EventKind kind) { return name_of(kKindNames, kind); }
std::optional<EventKind> parse_event_kind(std::string_view name) {
  return value_of(kKindNames, name);
}

std::string_view item_outcome_name(ItemOutcome outcome) { return name_of(kOutcomeNames, outcome); }
std::optional<ItemOutcome> parse_item_outcome(std::string_view name) {
  return value_of(kOutcomeNames, name);
}

}  // namespace drover
