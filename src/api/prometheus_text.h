// PrometheusText: builds a /metrics page in the Prometheus text exposition
// format (version 0.0.4): per family a HELP and TYPE line, then samples
// with escaped label values.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drover {

using Labels = std::vector<std::pair<std::string, std::string>>;

class PrometheusText {
 public:
  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

  // Starts a family: type is "gauge", "counter" or "histogram".
  void family(std::string_view name, std::string_view type, std::string_view help);
  void sample(std::string_view name, const Labels& labels, double value);
  void sample(std::string_view name, double value) { sample(name, {}, value); }

  const std::string& text() const { return m_text; }

 private:
  std::string m_text;
};

}  // namespace drover
