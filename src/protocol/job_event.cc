#include "protocol/job_event.h"

#include <array>
#include <utility>

namespace drover {
namespace {

constexpr std::array<std::pair<EventKind, std::string_view>, 7> kKindNames{{
    {EventKind::progress, "progress"},
    {EventKind::total, "total"},
    {EventKind::item, "item"},
    {EventKind::message, "message"},
    {EventKind::checkpoint, "checkpoint"},
    {EventKind::result, "result"},
    {EventKind::pause, "pause"},
}};

constexpr std::array<std::pair<ItemOutcome, std::string_view>, 3> kOutcomeNames{{
    {ItemOutcome::ok, "ok"},
    {ItemOutcome::fail, "fail"},
    {ItemOutcome::skip, "skip"},
}};

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                         Enum value) {
  for (auto [known, name] : names) {
    if (known == value) return name;
  }
  return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                             std::string_view name) {
  for (auto [value, known] : names) {
    if (known == name) return value;
  }
  return std::nullopt;
}

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
