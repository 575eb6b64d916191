#include "cli/progress_bar.h"

#include <gtest/gtest.h>

namespace drover::cli {
namespace {

Progress cloning() {
  Progress p;
  p.current = 154;
  p.total = 245;
  p.rate = 0.1;
  p.eta_seconds = 900;
  p.item = "infrastructure-apo-platform";
  return p;
}

TEST(ProgressBar, FractionWithPercentAsLsShowsIt) {
  EXPECT_EQ(progress_fraction(cloning(), true), "154/245 (63%)");
  EXPECT_EQ(progress_fraction(cloning(), false), "154/245");
}

TEST(ProgressBar, NoTotalShowsTheCountAlone) {
  Progress p;
  p.current = 17;
  EXPECT_EQ(progress_fraction(p, true), "17");
  EXPECT_EQ(progress_fraction(Progress{}, true), "");
}

TEST(ProgressBar, NeverSaysHundredPercentBeforeTheEnd) {
  Progress p;
  p.current = 2449;
  p.total = 2450;
  EXPECT_EQ(percent_done(p), 99);
  p.current = 2450;
  EXPECT_EQ(percent_done(p), 100);
}

TEST(ProgressBar, BarFillsInProportion) {
  EXPECT_EQ(progress_bar(0.5, 8, true), "[####----]");
  EXPECT_EQ(progress_bar(1.5, 4, true), "[####]");
  EXPECT_EQ(progress_bar(0.25, 4), "[█░░░]");
}

TEST(ProgressBar, LineHasCountsRateEtaAndItem) {
  EXPECT_EQ(progress_line(cloning(), 0, true),
            "[###############---------]  154/245  63%  0.1/s  ETA ~15 min  "
            "infrastructure-apo-platform");
}

TEST(ProgressBar, NarrowTerminalCutsTheItemFirst) {
  std::string line = progress_line(cloning(), 60, true);
  EXPECT_EQ(line, "[###############---------]  154/245  63%  0.1/s  ETA ~15 mi…");
}

TEST(ProgressBar, VeryNarrowTerminalDropsTheBar) {
  std::string line = progress_line(cloning(), 40, true);
  EXPECT_EQ(line, "154/245  63%  0.1/s  ETA ~15 min  infra…");
}

TEST(ProgressBar, FailedItemsAndTheLastSecondsAreShown) {
  Progress p = cloning();
  p.items_failed = 2;
  p.eta_seconds = 42;
  EXPECT_EQ(progress_summary(p),
            "154/245  63%  2 failed  0.1/s  ETA 42 s  infrastructure-apo-platform");
}

TEST(ProgressBar, UnknownTotalDrawsNoBar) {
  Progress p;
  p.current = 17;
  EXPECT_EQ(progress_line(p, 80, true), "17");
}

}  // namespace
}  // namespace drover::cli
