// Chains (DESIGN.md, "A chain file"): a combined job made of ordered phases,
// each a (type, params, weight). ChainSpec is what a user writes; ChainRun
// is what the parent job keeps while its phases run one after another as
// child jobs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/job_state.h"
#include "core/result.h"

namespace drover {

using Json = nlohmann::json;
using JobId = std::int64_t;

struct ChainPhase {
  std::string type;
  Json params = Json::object();
  double weight = 1.0;
};

struct ChainSpec {
  std::string name;
  std::vector<ChainPhase> phases;
};

// The shape of a chain: {"name": "...", "phases": [{"type", "weight",
// "params"}]}; errors name the phase by position. Types and params are
// checked against the config by validate_chain (chain_validation.h).
Result<ChainSpec> chain_from_json(const Json& json);
Json chain_to_json(const ChainSpec& chain);

// A phase of a running chain: what it is, the child job that runs it (once
// started) and how far that got.
struct PhaseRun {
  ChainPhase phase;
  std::optional<JobId> job;
  std::optional<JobState> state;  // of the child; none before it exists
  double percentage = 0;
  std::optional<Json> result;
};

struct ChainRun {
  std::string name;
  std::vector<PhaseRun> phases;
  int phases_completed = 0;

  // 1-based number of the phase running now (or that failed); none when done.
  std::optional<int> current_phase() const;
  PhaseRun* current();
  // The weighted sum of the phases' percentages: weights normalized, a
  // completed phase counts 100, a phase without total 0 until it is done.
  double weighted_percentage() const;
};

ChainRun start_chain_run(const ChainSpec& spec);
Json chain_run_to_json(const ChainRun& run);
ChainRun chain_run_from_json(const Json& json);

}  // namespace drover
