#include "policies/synthetic/synthetic_policy.h"

#include <gtest/gtest.h>

#include "policies/synthetic/arithmetic_task.h"

namespace ponder::synthetic {
namespace {

Expansion ProposeAt(double skill, double temperature, int n) {
  const Problem problem = MakeProblem("p", ArithmeticTask{.terms = {17, 25, 8}});
  Tree tree;
  SyntheticPolicy policy(SyntheticPolicyOptions{.skill = skill, .error_spread = 3});
  const ExpandRequest request{.problem = &problem,
                              .tree = &tree,
                              .node = kRootNode,
                              .mode = ExpandMode::kStep,
                              .n = n,
                              .sampling = {.temperature = temperature},
                              .seed = 7};
  std::vector<StatusOr<Expansion>> out = policy.Propose({&request, 1});
  EXPECT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].ok()) << out[0].status().ToString();
  return out[0].ok() ? *out[0] : Expansion{};
}

TEST(SyntheticPolicyTest, ASmallTemperatureSamplesTheMostLikelyStep) {
  // p^(1/T) of every candidate underflows to 0 at T = 1/2000; the sampler must still pick the
  // most likely step rather than divide by a zero total.
  const Expansion e = ProposeAt(0.5, 0.0005, 4);
  ASSERT_EQ(e.proposals.size(), 4u);
  for (const Proposal& p : e.proposals) EXPECT_EQ(p.text, "17 + 25 = 42\n");
}

TEST(SyntheticPolicyTest, TemperatureZeroIsGreedyAndOneFollowsTheSkill) {
  for (const Proposal& p : ProposeAt(0.3, 0, 3).proposals) EXPECT_EQ(p.text, "17 + 25 = 42\n");
  int right = 0;
  const Expansion sampled = ProposeAt(0.5, 1, 400);
  for (const Proposal& p : sampled.proposals) right += p.text == "17 + 25 = 42\n";
  EXPECT_GT(right, 150);
  EXPECT_LT(right, 250);
}

}  // namespace
}  // namespace ponder::synthetic
