#include "core/chain_eta.h"

#include <gtest/gtest.h>

namespace drover {
namespace {

TEST(ChainEta, FollowsThePaceOfTheWholeChain) {
  // 25 % of the weight in 60 s: 75 % more takes 180 s, whichever phase runs.
  EXPECT_EQ(chain_eta_seconds(25.0, 60'000), 180);
  EXPECT_EQ(chain_eta_seconds(50.0, 60'000), 60);
}

TEST(ChainEta, NoneBeforeAPaceIsKnownOrOnceDone) {
  EXPECT_FALSE(chain_eta_seconds(0.0, 60'000));
  EXPECT_FALSE(chain_eta_seconds(100.0, 60'000));
  EXPECT_FALSE(chain_eta_seconds(10.0, 0));
}

}  // namespace
}  // namespace drover
