#include "experiments/reports/estimators.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace ponder::reports {
namespace {

TEST(WilsonIntervalTest, MatchesHandComputedValues) {
  // p = 0.8, n = 10, z^2 = 3.8414588: centre 0.99207294 / 1.38414588 = 0.71674016,
  // half-width 1.95996398 * sqrt(0.016 + 0.00960365) / 1.38414588 = 0.22657769.
  const Interval eight_of_ten = WilsonInterval(8, 10);
  EXPECT_NEAR(eight_of_ten.low, 0.49016247, 1e-8);
  EXPECT_NEAR(eight_of_ten.high, 0.94331785, 1e-8);
  // At p = 0 the interval is [0, z^2 / (n + z^2)]; at p = 1, [n / (n + z^2), 1].
  const Interval none = WilsonInterval(0, 10);
  EXPECT_DOUBLE_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 3.8414588 / 13.8414588, 1e-8);
  const Interval all = WilsonInterval(10, 10);
  EXPECT_NEAR(all.low, 10 / 13.8414588, 1e-8);
  EXPECT_DOUBLE_EQ(all.high, 1.0);
}

TEST(WilsonIntervalTest, NarrowsWithMoreTrialsAndIsNanWithoutAny) {
  const Interval small = WilsonInterval(50, 100);
  const Interval large = WilsonInterval(5000, 10000);
  EXPECT_LT(large.high - large.low, small.high - small.low);
  EXPECT_NEAR((large.low + large.high) / 2, 0.5, 1e-12);
  const Interval empty = WilsonInterval(0, 0);
  EXPECT_TRUE(std::isnan(empty.low) && std::isnan(empty.high));
}

TEST(PassAtKTest, MatchesTheBinomialFormula) {
  // 1 - C(n-c, k) / C(n, k), worked by hand for small cases.
  EXPECT_DOUBLE_EQ(PassAtK(5, 2, 2), 1.0 - 3.0 / 10.0);  // C(3,2)=3, C(5,2)=10
  EXPECT_DOUBLE_EQ(PassAtK(4, 1, 2), 0.5);               // C(3,2)=3, C(4,2)=6
  EXPECT_DOUBLE_EQ(PassAtK(4, 2, 2), 1.0 - 1.0 / 6.0);   // C(2,2)=1
  EXPECT_DOUBLE_EQ(PassAtK(10, 3, 1), 0.3);              // pass@1 is c / n
  EXPECT_DOUBLE_EQ(PassAtK(10, 0, 5), 0.0);
  EXPECT_DOUBLE_EQ(PassAtK(10, 10, 5), 1.0);
  EXPECT_DOUBLE_EQ(PassAtK(10, 7, 4), 1.0);  // n - c < k: every 4-subset has a correct one
  EXPECT_DOUBLE_EQ(PassAtK(3, 1, 3), 1.0);   // k == n
}

TEST(PassAtKTest, StaysAccurateWhereBinomialsOverflow) {
  // Reference values from exact integer binomials (Python's math.comb, one rounding).
  EXPECT_NEAR(PassAtK(1000, 3, 10), 0.02973045189478052, 1e-15);
  EXPECT_NEAR(PassAtK(1000, 10, 50), 0.4026887070933456, 1e-14);
  // C(200, 100) is about 9e58: a naive ratio of doubles would lose everything.
  EXPECT_NEAR(PassAtK(200, 20, 100), 0.9999996678312922, 1e-15);
  const double huge = PassAtK(100000, 5000, 1000);
  EXPECT_TRUE(std::isfinite(huge));
  EXPECT_GT(huge, 0.999999);
  EXPECT_LE(huge, 1.0);
}

TEST(BootstrapMeanIntervalTest, CoversTheMeanAndIsDeterministic) {
  std::vector<double> half(100);
  for (size_t i = 0; i < half.size(); ++i) half[i] = i % 2;
  const BootstrapOptions options;
  const Interval a = BootstrapMeanInterval(half, options);
  // The standard error is 0.05, so the 95% interval is about 0.5 +- 0.098.
  EXPECT_NEAR(a.low, 0.402, 0.02);
  EXPECT_NEAR(a.high, 0.598, 0.02);
  const Interval again = BootstrapMeanInterval(half, options);
  EXPECT_EQ(a.low, again.low);
  EXPECT_EQ(a.high, again.high);
  // The order of the values does not matter; the seed does.
  std::vector<double> reordered = half;  // 0, 1, 0, 1, ... becomes 0, 0, ..., 1, 1
  std::sort(reordered.begin(), reordered.end());
  const Interval sorted = BootstrapMeanInterval(reordered, options);
  EXPECT_EQ(sorted.low, a.low);
  EXPECT_EQ(sorted.high, a.high);
  const Interval other_seed = BootstrapMeanInterval(half, {.resamples = 2000, .seed = 7});
  EXPECT_TRUE(other_seed.low != a.low || other_seed.high != a.high);
}

TEST(BootstrapMeanIntervalTest, ConstantValuesAndEmptyInput) {
  const std::vector<double> constant(30, 0.25);
  const Interval c = BootstrapMeanInterval(constant, {});
  EXPECT_DOUBLE_EQ(c.low, 0.25);
  EXPECT_DOUBLE_EQ(c.high, 0.25);
  const Interval empty = BootstrapMeanInterval({}, {});
  EXPECT_TRUE(std::isnan(empty.low) && std::isnan(empty.high));
}

}  // namespace
}  // namespace ponder::reports
