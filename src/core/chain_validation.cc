#include "core/chain_validation.h"
#include "core/param_schema.h"

#include <cmath>
#include <set>

#include <fmt/format.h>

namespace drover {
namespace {

// Outside this range the weighted sum loses the small phases (1e308 makes a
// finished chain show 0 %) or means nothing (0, negative, NaN).
bool is_sane_phase_weight(double weight) {
  return std::isfinite(weight) && weight >= kMinPhaseWeight && weight <= kMaxPhaseWeight;
}

void check_phase(const ChainPhase& phase, int n, const Config& config, ChainReport& report) {
  auto error = [&](std::string message) {
    report.errors.push_back(ChainFinding{n, phase.type, std::move(message)});
  };
  if (!is_sane_phase_weight(phase.weight)) {
    error(fmt::format(
        "weight must be a number from {} to {} (weights are relative: 1 and 3 give 25 % and "
        "75 %), got {}",
        kMinPhaseWeight, kMaxPhaseWeight, phase.weight));
  }
  const TypeConfig* type = config.find_type(phase.type);
  if (type == nullptr) {
    std::string declared;
    for (const auto& [name, spec] : config.types) declared += (declared.empty() ? "" : ", ") + name;
    return error(fmt::format("unknown type \"{}\"; declared types: {}", phase.type, declared));
  }
  if (auto params = validate_params(*type, phase.params); !params) error(params.error().message);
}

// A phase whose type should run after a type that only comes later.
void check_order(const ChainSpec& chain, const Config& config, ChainReport& report) {
  for (std::size_t i = 0; i < chain.phases.size(); ++i) {
    const TypeConfig* type = config.find_type(chain.phases[i].type);
    if (type == nullptr) continue;
    for (const std::string& before : type->after_types) {
      for (std::size_t j = i + 1; j < chain.phases.size(); ++j) {
        if (chain.phases[j].type != before) continue;
        report.warnings.push_back(
            ChainFinding{static_cast<int>(i + 1), type->name,
                         fmt::format("{} runs before {} (phase {}), but {} should run after {}",
                                     type->name, before, j + 1, type->name, before)});
        break;
      }
    }
  }
}

void check_repeats(const ChainSpec& chain, ChainReport& report) {
  std::set<std::pair<std::string, std::string>> seen;
  for (std::size_t i = 0; i < chain.phases.size(); ++i) {
    const ChainPhase& phase = chain.phases[i];
    if (!seen.emplace(phase.type, phase.params.dump()).second) {
      report.warnings.push_back(ChainFinding{static_cast<int>(i + 1), phase.type,
                                             "the same phase (type and params) comes earlier"});
    }
  }
}

Json findings_to_json(const std::vector<ChainFinding>& findings) {
  Json list = Json::array();
  for (const ChainFinding& finding : findings) {
    list.push_back({{"phase", finding.phase == 0 ? Json(nullptr) : Json(finding.phase)},
                    {"type", finding.type.empty() ? Json(nullptr) : Json(finding.type)},
                    {"message", finding.message}});
  }
  return list;
}

}  // namespace

ChainReport validate_chain(const ChainSpec& chain, const Config& config) {
  ChainReport report;
  if (chain.phases.empty()) {
    report.errors.push_back(ChainFinding{0, "", "the chain has no phases; add at least one"});
  }
  for (std::size_t i = 0; i < chain.phases.size(); ++i) {
    check_phase(chain.phases[i], static_cast<int>(i + 1), config, report);
  }
  check_order(chain, config, report);
  check_repeats(chain, report);
  return report;
}

Json chain_report_to_json(const ChainReport& report) {
  return {{"valid", report.valid()},
          {"errors", findings_to_json(report.errors)},
          {"warnings", findings_to_json(report.warnings)}};
}

Error chain_error(const ChainReport& report) {
  Error error =
      make_error(ErrorCode::invalid, "the chain has errors: {}", describe_findings(report.errors));
  error.details = chain_report_to_json(report);
  return error;
}

std::string describe_findings(const std::vector<ChainFinding>& findings) {
  std::string text;
  for (const ChainFinding& finding : findings) {
    if (!text.empty()) text += "; ";
    if (finding.phase > 0) text += fmt::format("phase {} ({}): ", finding.phase, finding.type);
    text += finding.message;
  }
  return text;
}

}  // namespace drover
