#include "core/job.h"

#include "core/enum_names.h"

namespace drover {
namespace {

constexpr EnumNames<StopRequest, 5> kStopRequestNames{{
    {StopRequest::none, ""},
    {StopRequest::cancel, "cancel"},
    {StopRequest::pause, "pause"},
    {StopRequest::kill, "kill"},
    {StopRequest::timeout, "timeout"},
}};

}  // namespace

std::string_view stop_request_name(StopRequest request) {
  return name_of(kStopRequestNames, request);
}

StopRequest parse_stop_request(std::string_view name) {
  return value_of(kStopRequestNames, name).value_or(StopRequest::none);
}

std::optional<double> Progress::percentage() const {
  if (weighted_percentage) return weighted_percentage;
  if (!total || *total <= 0) return std::nullopt;
  double ratio = static_cast<double>(current) / static_cast<double>(*total);
  return ratio > 1.0 ? 100.0 : ratio * 100.0;
}

bool Progress::pristine() const {
  return empty() && !rate && !eta_seconds && items_completed == 0 && items_failed == 0 &&
         items_skipped == 0 && failed.empty() && completed.empty() && skipped.empty() &&
         !weighted_percentage && pauses_without_progress == 0;
}

}  // namespace drover
