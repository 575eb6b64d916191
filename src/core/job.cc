#include "core/job.h"

#include <array>
#include <utility>

namespace drover {
namespace {

constexpr std::array<std::pair<StopRequest, std::string_view>, 5> kStopRequestNames{{
    {StopRequest::none, ""},
    {StopRequest::cancel, "cancel"},
    {StopRequest::pause, "pause"},
    {StopRequest::kill, "kill"},
    {StopRequest::timeout, "timeout"},
}};

}  // namespace

std::string_view stop_request_name(StopRequest request) {
  for (auto [value, name] : kStopRequestNames) {
    if (value == request) return name;
  }
  return "";
}

StopRequest parse_stop_request(std::string_view name) {
  for (auto [value, known] : kStopRequestNames) {
    if (known == name) return value;
  }
  return StopRequest::none;
}

std::optional<double> Progress::percentage() const {
  if (weighted_percentage) return weighted_percentage;
  if (!total || *total <= 0) return std::nullopt;
  double ratio = static_cast<double>(current) / static_cast<double>(*total);
  return ratio > 1.0 ? 100.0 : ratio * 100.0;
}

}  // namespace drover
