#include "tests/verifiers/code/apps_reference_expectations.h"

#include <gtest/gtest.h>

#include "sandbox/pool.h"
#include "tests/sandbox/sandbox_test_env.h"
#include "verifiers/code/apps_grader.h"

namespace ponder::testing {

const std::vector<KnownOutcome>& KnownFailures() {
  static const auto* known = new std::vector<KnownOutcome>{
      {"train/0056", 0, KnownFailure::kMultipleValidAnswers},
      {"train/0072", 1, KnownFailure::kMultipleValidAnswers},
      {"train/0073", 0, KnownFailure::kMultipleValidAnswers},
      {"train/0073", 1, KnownFailure::kMultipleValidAnswers},
      {"train/2378", 0, KnownFailure::kMultipleValidAnswers},
      {"train/2378", 1, KnownFailure::kMultipleValidAnswers},
      {"train/2391", 1, KnownFailure::kMultipleValidAnswers},
      {"train/2391", 2, KnownFailure::kMultipleValidAnswers},
      {"train/2006", 1, KnownFailure::kRemovedPythonApi},
      {"train/2006", 2, KnownFailure::kRemovedPythonApi},
      {"train/2020", 1, KnownFailure::kRemovedPythonApi},
  };
  return *known;
}

const std::vector<std::pair<std::string, int>>& HarnessOnlySolutions() {
  static const auto* harness_only = new std::vector<std::pair<std::string, int>>{
      {"train/0058", 2}, {"train/2015", 1}, {"train/2028", 1}, {"train/2028", 2},
      {"train/2036", 0}, {"train/2038", 0}, {"train/2046", 0}, {"train/2046", 1},
      {"train/2050", 1}, {"train/2287", 2}, {"train/2369", 1}, {"train/2382", 0},
      {"train/2391", 1}, {"train/2396", 1}, {"train/2398", 1}, {"train/2398", 2},
  };
  return *harness_only;
}

std::vector<AppsProblem> ReadSharedAppsProblems() {
  auto problems =
      ReadAppsProblems(std::string(PONDER_SHARED_DIR) + "/data/apps/train_subset.jsonl");
  EXPECT_TRUE(problems.ok()) << problems.status().ToString();
  return problems.ok() ? std::move(*problems) : std::vector<AppsProblem>{};
}

std::vector<AppsProblem> SubsetWithEveryKnownCase(const std::vector<AppsProblem>& all) {
  std::set<std::string> wanted;
  for (const KnownOutcome& k : KnownFailures()) wanted.insert(k.id);
  for (const auto& [id, solution] : HarnessOnlySolutions()) wanted.insert(id);
  std::vector<AppsProblem> subset;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i % 10 == 0 || wanted.count(all[i].id)) subset.push_back(all[i]);
  }
  return subset;
}

std::vector<ReferenceCheck> CheckOnFreshPool(const std::vector<AppsProblem>& problems) {
  sandbox::testing::SandboxTestEnv env;
  sandbox::PoolOptions options;
  options.jail = env.jail_options(options.workers);
  auto pool = sandbox::SandboxPool::Create(options);
  EXPECT_TRUE(pool.ok()) << pool.status().ToString();
  if (!pool.ok()) return {};
  auto checks = CheckReferenceSolutions(**pool, problems, sandbox::Limits{});
  EXPECT_TRUE(checks.ok()) << checks.status().ToString();
  EXPECT_TRUE(env.LeftoverProcesses(options.workers).empty());
  EXPECT_TRUE(env.LeftoverFiles().empty());
  return checks.ok() ? std::move(*checks) : std::vector<ReferenceCheck>{};
}

void ExpectKnownOutcomes(const std::vector<ReferenceCheck>& checks) {
  for (const ReferenceCheck& check : checks) {
    for (size_t s = 0; s < check.runs.size(); ++s) {
      const sandbox::RunResult& run = check.runs[s];
      const KnownOutcome* known = nullptr;
      for (const KnownOutcome& k : KnownFailures()) {
        if (k.id == check.id && k.solution == static_cast<int>(s)) known = &k;
      }
      const std::string where = check.id + " solution " + std::to_string(s);
      if (known == nullptr) {
        EXPECT_TRUE(run.all_passed()) << where << ": " << DescribeRun(run);
      } else if (known->failure == KnownFailure::kMultipleValidAnswers) {
        EXPECT_EQ(run.overall, sandbox::Verdict::kWrongAnswer) << where << ": " << DescribeRun(run);
      } else {
        EXPECT_EQ(run.overall, sandbox::Verdict::kRuntimeError)
            << where << ": " << DescribeRun(run);
        EXPECT_NE(run.tests[0].detail.find("gcd"), std::string::npos) << where;
      }
    }
  }
}

}  // namespace ponder::testing
