#include "core/chain.h"

#include <limits>

#include <gtest/gtest.h>

#include "core/chain_validation.h"
#include "core/config_parser.h"

namespace drover {
namespace {

Config demo_config() {
  auto config = parse_config(R"(
[resources]
chroma-768 = 1
[types.metadata]
command = ["true"]
params.source_id = { type = "string", required = true }
[types.index]
command = ["true"]
params.source_id = { type = "string", required = true }
params.dimension = { type = "integer", default = 768, min = 1 }
after_types = ["metadata"]
)",
                             "test.toml");
  EXPECT_TRUE(config.ok()) << config.error().message;
  return *config;
}

ChainSpec parse(const Json& json) {
  auto chain = chain_from_json(json);
  EXPECT_TRUE(chain.ok()) << chain.error().message;
  return chain.ok() ? *chain : ChainSpec{};
}

TEST(Chain, ReadsPhasesWithDefaultsAndNamesTheBadPhaseByPosition) {
  ChainSpec chain = parse({{"name", "n"}, {"phases", {{{"type", "metadata"}}}}});
  ASSERT_EQ(chain.phases.size(), 1u);
  EXPECT_EQ(chain.phases[0].weight, 1.0);
  EXPECT_EQ(chain.phases[0].params, Json::object());
  auto bad = chain_from_json({{"phases", {{{"type", "a"}}, {{"type", "b"}, {"weight", "x"}}}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "phase 2 (b): \"weight\" must be a number");
  EXPECT_FALSE(chain_from_json(Json::array()).ok());
  EXPECT_FALSE(chain_from_json({{"phases", 3}}).ok());
}

TEST(Chain, WeightedPercentageNormalizesWeights) {
  ChainRun run = start_chain_run(
      parse({{"phases", {{{"type", "a"}, {"weight", 10}}, {{"type", "b"}, {"weight", 30}}}}}));
  EXPECT_EQ(run.weighted_percentage(), 0);
  run.phases[0].percentage = 100;
  run.phases[1].percentage = 50;
  EXPECT_DOUBLE_EQ(run.weighted_percentage(), (10 * 100 + 30 * 50) / 40.0);
  run.phases_completed = 1;
  EXPECT_EQ(run.current_phase(), 2);
  run.phases_completed = 2;
  EXPECT_EQ(run.current_phase(), std::nullopt);
}

TEST(Chain, RunSurvivesJson) {
  ChainRun run = start_chain_run(parse({{"name", "x"}, {"phases", {{{"type", "a"}}}}}));
  run.phases[0].job = 4;
  run.phases[0].state = JobState::failed;
  run.phases[0].percentage = 12.5;
  ChainRun back = chain_run_from_json(chain_run_to_json(run));
  EXPECT_EQ(chain_run_to_json(back), chain_run_to_json(run));
}

TEST(ChainValidation, ReportsEachErrorWithItsPhaseAndType) {
  ChainReport report =
      validate_chain(parse({{"phases",
                             {{{"type", "nope"}},
                              {{"type", "index"}, {"weight", 0}, {"params", {{"source_id", "a"}}}},
                              {{"type", "metadata"}, {"params", {{"source_id", 5}}}}}}}),
                     demo_config());
  ASSERT_EQ(report.errors.size(), 3u) << describe_findings(report.errors);
  EXPECT_EQ(report.errors[0].phase, 1);
  EXPECT_NE(report.errors[0].message.find("unknown type \"nope\""), std::string::npos);
  EXPECT_EQ(report.errors[1].phase, 2);
  EXPECT_NE(report.errors[1].message.find("weight must be a number from 0.001 to 1000000"),
            std::string::npos)
      << report.errors[1].message;
  EXPECT_EQ(report.errors[2].phase, 3);
  EXPECT_NE(report.errors[2].message.find("source_id"), std::string::npos);
  EXPECT_TRUE(validate_chain(ChainSpec{}, demo_config()).errors.size() == 1);
}

TEST(ChainValidation, WeightsMustBeFiniteAndWithinAMillionToOne) {
  auto with_weight = [](double weight) {
    ChainSpec chain;
    chain.phases.push_back(ChainPhase{"metadata", {{"source_id", "wiki"}}, weight});
    return chain;
  };
  for (double weight : {1e308, 1e6 + 1, 0.0, 0.0005, -1.0, std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::quiet_NaN()}) {
    ChainReport report = validate_chain(with_weight(weight), demo_config());
    ASSERT_EQ(report.errors.size(), 1u) << weight;
    EXPECT_NE(report.errors[0].message.find("weight must be"), std::string::npos) << weight;
  }
  for (double weight : {0.001, 0.5, 1.0, 1e6}) {
    EXPECT_TRUE(validate_chain(with_weight(weight), demo_config()).valid()) << weight;
  }
}

TEST(ChainValidation, WarnsAboutIndexBeforeMetadataAndRepeatedPhases) {
  Json wiki = {{"source_id", "wiki"}};
  ChainReport report = validate_chain(parse({{"phases",
                                              {{{"type", "index"}, {"params", wiki}},
                                               {{"type", "metadata"}, {"params", wiki}},
                                               {{"type", "metadata"}, {"params", wiki}}}}}),
                                      demo_config());
  EXPECT_TRUE(report.valid()) << describe_findings(report.errors);
  ASSERT_EQ(report.warnings.size(), 2u);
  EXPECT_EQ(report.warnings[0].phase, 1);
  EXPECT_EQ(report.warnings[0].message,
            "index runs before metadata (phase 2), but index should run after metadata");
  EXPECT_EQ(report.warnings[1].phase, 3);
  Json json = chain_report_to_json(report);
  EXPECT_EQ(json["valid"], true);
  EXPECT_EQ(json["warnings"][0]["type"], "index");
}

}  // namespace
}  // namespace drover
