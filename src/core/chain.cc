#include "core/chain.h"

#include <algorithm>

namespace drover {
namespace {

Result<ChainPhase> phase_from_json(const Json& json, std::size_t n) {
  if (!json.is_object()) {
    return make_error(ErrorCode::invalid, "phase {}: expected an object with type, weight, params",
                      n);
  }
  ChainPhase phase;
  auto type = json.find("type");
  if (type == json.end() || !type->is_string() || type->get<std::string>().empty()) {
    return make_error(ErrorCode::invalid, "phase {}: \"type\" must be a type name", n);
  }
  phase.type = type->get<std::string>();
  if (auto weight = json.find("weight"); weight != json.end()) {
    if (!weight->is_number()) {
      return make_error(ErrorCode::invalid, "phase {} ({}): \"weight\" must be a number", n,
                        phase.type);
    }
    phase.weight = weight->get<double>();
  }
  if (auto params = json.find("params"); params != json.end() && !params->is_null()) {
    if (!params->is_object()) {
      return make_error(ErrorCode::invalid, "phase {} ({}): \"params\" must be an object", n,
                        phase.type);
    }
    phase.params = *params;
  }
  return phase;
}

Json phase_to_json(const ChainPhase& phase) {
  return {{"type", phase.type}, {"weight", phase.weight}, {"params", phase.params}};
}

}  // namespace

Result<ChainSpec> chain_from_json(const Json& json) {
  if (!json.is_object()) {
    return make_error(ErrorCode::invalid,
                      "a chain is an object: {{\"name\": \"...\", \"phases\": [{{\"type\": "
                      "\"...\", \"weight\": 10, \"params\": {{...}}}}]}}");
  }
  ChainSpec chain;
  if (auto name = json.find("name"); name != json.end() && !name->is_null()) {
    if (!name->is_string()) return make_error(ErrorCode::invalid, "\"name\" must be a string");
    chain.name = name->get<std::string>();
  }
  auto phases = json.find("phases");
  if (phases == json.end() || !phases->is_array()) {
    return make_error(ErrorCode::invalid, "\"phases\" must be a list of phases");
  }
  for (std::size_t i = 0; i < phases->size(); ++i) {
    DROVER_TRY(phase, phase_from_json((*phases)[i], i + 1));
    chain.phases.push_back(std::move(*phase));
  }
  return chain;
}

Json chain_to_json(const ChainSpec& chain) {
  Json phases = Json::array();
  for (const ChainPhase& phase : chain.phases) phases.push_back(phase_to_json(phase));
  return {{"name", chain.name}, {"phases", std::move(phases)}};
}

std::optional<int> ChainRun::current_phase() const {
  if (phases_completed >= static_cast<int>(phases.size())) return std::nullopt;
  return phases_completed + 1;
}

PhaseRun* ChainRun::current() {
  auto n = current_phase();
  return n ? &phases[static_cast<std::size_t>(*n - 1)] : nullptr;
}

double ChainRun::weighted_percentage() const {
  double total = 0;
  double done = 0;
  for (const PhaseRun& run : phases) {
    total += run.phase.weight;
    done += run.phase.weight * std::clamp(run.percentage, 0.0, 100.0);
  }
  return total > 0 ? done / total : 0;
}

ChainRun start_chain_run(const ChainSpec& spec) {
  ChainRun run;
  run.name = spec.name;
  for (const ChainPhase& phase : spec.phases) {
    PhaseRun entry;
    entry.phase = phase;
    run.phases.push_back(std::move(entry));
  }
  return run;
}

Json chain_run_to_json(const ChainRun& run) {
  Json phases = Json::array();
  for (std::size_t i = 0; i < run.phases.size(); ++i) {
    const PhaseRun& phase = run.phases[i];
    Json entry = phase_to_json(phase.phase);
    entry["n"] = i + 1;
    entry["job"] = phase.job ? Json(*phase.job) : Json(nullptr);
    entry["state"] = phase.state ? Json(state_name(*phase.state)) : Json("pending");
    entry["percentage"] = phase.percentage;
    entry["result"] = phase.result ? *phase.result : Json(nullptr);
    phases.push_back(std::move(entry));
  }
  return {{"name", run.name},
          {"phases", std::move(phases)},
          {"phases_completed", run.phases_completed}};
}

ChainRun chain_run_from_json(const Json& json) {
  ChainRun run;
  run.name = json.value("name", "");
  run.phases_completed = json.value("phases_completed", 0);
  for (const Json& entry : json.value("phases", Json::array())) {
    PhaseRun phase;
    phase.phase = ChainPhase{entry.value("type", ""), entry.value("params", Json::object()),
                             entry.value("weight", 1.0)};
    if (entry.contains("job") && entry["job"].is_number()) phase.job = entry["job"].get<JobId>();
    phase.state = parse_state(entry.value("state", ""));
    phase.percentage = entry.value("percentage", 0.0);
    if (entry.contains("result") && !entry["result"].is_null()) phase.result = entry["result"];
    run.phases.push_back(std::move(phase));
  }
  return run;
}

}  // namespace drover
