#include "search/base/rng.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace ponder {
namespace {

TEST(RngTest, SameSeedSameStream) {
  Rng a(42), b(42), c(43);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.NextU64();
    EXPECT_EQ(x, b.NextU64());
    differs = differs || x != c.NextU64();
  }
  EXPECT_TRUE(differs);
}

TEST(RngTest, GoldenValuesPinTheGenerator) {
  // Changing the generator changes every recorded experiment: these values must not move.
  // Both were computed independently (xoshiro256** seeded by SplitMix64, FNV-1a) in Python.
  Rng rng(1);
  EXPECT_EQ(rng.NextU64(), 0xb3f2af6d0fc710c5ULL);
  EXPECT_EQ(StableHash("test/algebra/1.json"), 0x5895b7bd24a7dc4aULL);
}

TEST(RngTest, DeriveGivesIndependentStreamsWithoutAdvancing) {
  Rng base(7);
  Rng d1 = base.Derive(1), d1b = base.Derive(1), d2 = base.Derive(2);
  EXPECT_EQ(d1.NextU64(), d1b.NextU64());
  EXPECT_NE(base.Derive(1).NextU64(), d2.NextU64());
  Rng fresh(7);
  EXPECT_EQ(base.NextU64(), fresh.NextU64());
}

TEST(RngTest, UniformAndNormalHaveTheRightMoments) {
  Rng rng(3);
  const int n = 200000;
  double sum = 0, sum_sq = 0, nsum = 0, nsum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
    const double z = rng.Normal();
    nsum += z;
    nsum_sq += z * z;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.005);
  EXPECT_NEAR(sum_sq / n - 0.25, 1.0 / 12, 0.005);
  EXPECT_NEAR(nsum / n, 0.0, 0.01);
  EXPECT_NEAR(nsum_sq / n, 1.0, 0.02);
}

TEST(RngTest, CategoricalFollowsWeightsAndSkipsZeros) {
  Rng rng(5);
  const std::vector<double> w = {1, 0, 3};
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 40000; ++i) ++counts[rng.Categorical(w)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[2] / 40000.0, 0.75, 0.01);
}

TEST(RngTest, UniformIntCoversTheRange) {
  Rng rng(9);
  std::vector<int> seen(7, 0);
  for (int i = 0; i < 7000; ++i) ++seen[rng.UniformInt(7)];
  for (int s : seen) EXPECT_GT(s, 800);
}

}  // namespace
}  // namespace ponder
