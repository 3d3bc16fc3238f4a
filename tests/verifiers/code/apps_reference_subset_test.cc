// The reference solutions of a fixed subset of the shared APPS problems (every tenth problem
// and every problem with a known failure or a harness-only solution) through the sandbox.
// apps_reference_full_test runs all 135 (ctest label "slow").
#include <gtest/gtest.h>

#include "sandbox/pool.h"
#include "tests/sandbox/sandbox_test_env.h"
#include "tests/verifiers/code/apps_reference_expectations.h"

namespace ponder {
namespace {

TEST(AppsReferenceSubsetTest, EverySolutionPassesOrFailsForItsKnownReason) {
  const std::vector<AppsProblem> all = testing::ReadSharedAppsProblems();
  const std::vector<AppsProblem> subset = testing::SubsetWithEveryKnownCase(all);
  ASSERT_EQ(subset.size(), 32u);
  sandbox::testing::SandboxTestEnv env;
  sandbox::PoolOptions options;
  options.jail = env.jail_options(options.workers);
  auto pool = sandbox::SandboxPool::Create(options);
  ASSERT_TRUE(pool.ok()) << pool.status().ToString();
  auto checks = CheckReferenceSolutions(**pool, subset, sandbox::Limits{});
  ASSERT_TRUE(checks.ok()) << checks.status().ToString();
  testing::ExpectKnownOutcomes(*checks);
  EXPECT_TRUE(env.LeftoverProcesses(options.workers).empty());
  EXPECT_TRUE(env.LeftoverFiles().empty());
}

}  // namespace
}  // namespace ponder
