// The reference solutions of a fixed subset of the shared APPS problems (every tenth problem
// and every problem with a known failure or a harness-only solution) through the sandbox.
// apps_reference_full_test runs all 135 (ctest label "slow").
#include <gtest/gtest.h>

#include "tests/verifiers/code/apps_reference_expectations.h"

namespace ponder {
namespace {

TEST(AppsReferenceSubsetTest, EverySolutionPassesOrFailsForItsKnownReason) {
  const std::vector<AppsProblem> all = testing::ReadSharedAppsProblems();
  const std::vector<AppsProblem> subset = testing::SubsetWithEveryKnownCase(all);
  ASSERT_EQ(subset.size(), 32u);
  const std::vector<ReferenceCheck> checks = testing::CheckOnFreshPool(subset);
  ASSERT_EQ(checks.size(), subset.size());
  testing::ExpectKnownOutcomes(checks);
}

}  // namespace
}  // namespace ponder
