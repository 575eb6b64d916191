// validate_chain: what `drover chain validate` and POST /api/chains/validate
// report, and what submitting a chain refuses.
#pragma once

#include <string>
#include <vector>

#include "core/chain.h"
#include "core/config.h"

namespace drover {

// One finding of validate_chain; `phase` is 1-based, 0 for the whole chain.
struct ChainFinding {
  int phase = 0;
  std::string type;
  std::string message;
};

struct ChainReport {
  std::vector<ChainFinding> errors;    // submitting refuses these
  std::vector<ChainFinding> warnings;  // ...and reports these
  bool valid() const { return errors.empty(); }
};

// The range of a phase weight validate_chain accepts.
inline constexpr double kMinPhaseWeight = 0.001;
inline constexpr double kMaxPhaseWeight = 1e6;

// Errors: empty chain, unknown type, params not matching the type's schema,
// weight outside [kMinPhaseWeight, kMaxPhaseWeight] (or not finite). Warnings: a phase placed
// before a type it should run after (`after_types`), the same phase (type and params) twice.
ChainReport validate_chain(const ChainSpec& chain, const Config& config);
Json chain_report_to_json(const ChainReport& report);
// "phase 2 (index): unknown type ...; phase 3 ..." for a CLI or an error.
std::string describe_findings(const std::vector<ChainFinding>& findings);
// The error that refuses an invalid chain, with the report as its details.
Error chain_error(const ChainReport& report);

}  // namespace drover
