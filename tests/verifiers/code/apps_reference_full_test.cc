// All 386 reference solutions of the 135 shared APPS problems (APPS *train* split) through
// the sandbox: about a minute on two cores, so it carries the ctest label "slow".
#include <gtest/gtest.h>

#include "sandbox/pool.h"
#include "tests/sandbox/sandbox_test_env.h"
#include "tests/verifiers/code/apps_reference_expectations.h"

namespace ponder {
namespace {

TEST(AppsReferenceFullTest, EverySolutionPassesOrFailsForItsKnownReason) {
  const std::vector<AppsProblem> all = testing::ReadSharedAppsProblems();
  ASSERT_EQ(all.size(), 135u);
  sandbox::testing::SandboxTestEnv env;
  sandbox::PoolOptions options;
  options.jail = env.jail_options(options.workers);
  auto pool = sandbox::SandboxPool::Create(options);
  ASSERT_TRUE(pool.ok()) << pool.status().ToString();
  auto checks = CheckReferenceSolutions(**pool, all, sandbox::Limits{});
  ASSERT_TRUE(checks.ok()) << checks.status().ToString();
  testing::ExpectKnownOutcomes(*checks);
  int tried = 0, passed = 0;
  for (const ReferenceCheck& c : *checks) {
    tried += static_cast<int>(c.runs.size());
    passed += c.passed();
  }
  EXPECT_EQ(tried, 386);
  EXPECT_EQ(passed, 386 - static_cast<int>(testing::KnownFailures().size()));  // 375
  EXPECT_TRUE(env.LeftoverProcesses(options.workers).empty());
  EXPECT_TRUE(env.LeftoverFiles().empty());
}

}  // namespace
}  // namespace ponder
