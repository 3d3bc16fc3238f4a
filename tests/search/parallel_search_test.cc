// Many tree searches at once, on std::threads that share one batching policy and one scorer:
// each search must keep its invariants and replay exactly what it does alone.
#include <gtest/gtest.h>

#include <thread>

#include "tests/fakes/lockstep_batching_policy.h"
#include "tests/fakes/search_harness.h"
#include "tests/search/tree_checks.h"

namespace ponder {
namespace {

using testing::FakeTreeOptions;
using testing::FakeTreePolicy;
using testing::TableScorer;

struct Snapshot {
  SearchResult result;
  std::vector<std::string> texts;
  std::vector<NodeId> parents;
  std::vector<int> visits;
  std::vector<double> value_sums;
};

struct Case {
  std::string algorithm;
  Params params;
  int64_t one_batch;  // the most policy calls one batch of this search asks for
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.algorithm; }

class ParallelSearchTest : public ::testing::TestWithParam<Case> {
 protected:
  static constexpr int kThreads = 6;
  static constexpr int kSearchesPerThread = 3;
  static constexpr int64_t kMaxPolicyCalls = 60;

  FakeTreeOptions tree_options{
      .alphabet = "abcd", .depth = 4, .distribution = testing::FavourTarget("dbca", "abcd", 2.0)};
  TableScorer::ScoreFn score_fn = testing::PrefixMatchScore("dbca");

  // Runs one search of seed `seed` on `policy` and `scorer`, with half the seeds under a budget.
  Snapshot Search(Policy& policy, Scorer& scorer, uint64_t seed) {
    AlgorithmRegistry registry;
    RegisterBuiltinAlgorithms(registry);
    auto algo = registry.Create("algorithm", GetParam().algorithm, GetParam().params);
    EXPECT_TRUE(algo.ok());
    Problem problem{.id = std::to_string(seed), .prompt = "", .attributes = {}};
    testing::WholeTextExtractor extractor;
    Budget budget;
    if (seed % 2 == 0) budget.max_policy_calls = kMaxPolicyCalls;
    SearchContext ctx(SearchSetup{.problem = &problem,
                                  .policy = &policy,
                                  .scorer = &scorer,
                                  .extractor = &extractor,
                                  .budget = budget,
                                  .seed = seed});
    auto result = (*algo)->Run(ctx);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    Snapshot s{.result = result.ok() ? *result : SearchResult{}};
    for (const Node& n : ctx.tree().nodes()) {
      s.texts.push_back(n.text);
      s.parents.push_back(n.parent);
      s.visits.push_back(n.visits);
      s.value_sums.push_back(n.value_sum);
      EXPECT_EQ(n.virtual_loss, 0);
    }
    // No lost node: every node the policy's answers added is in the tree.
    EXPECT_EQ(s.result.usage.expansions, static_cast<int64_t>(ctx.tree().size()) - 1);
    if (budget.max_policy_calls > 0) {
      EXPECT_LT(s.result.usage.policy_calls, kMaxPolicyCalls + GetParam().one_batch);
    }
    if (GetParam().algorithm == "mcts") {
      testing::ExpectVisitsAddUp(ctx.tree(), [](const Node& n) { return n.score; });
    }
    return s;
  }
};

TEST_P(ParallelSearchTest, ConcurrentSearchesKeepInvariantsAndReplayExactly) {
  FakeTreePolicy inner(tree_options);
  testing::LockstepBatchingPolicy policy(inner);
  TableScorer scorer(score_fn);
  std::vector<Snapshot> parallel(kThreads * kSearchesPerThread);
  for (int t = 0; t < kThreads; ++t) policy.Join();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSearchesPerThread; ++i) {
        const int slot = t * kSearchesPerThread + i;
        parallel[slot] = Search(policy, scorer, 100 + static_cast<uint64_t>(slot));
      }
      policy.Leave();
    });
  }
  for (std::thread& th : threads) th.join();

  // The backend really merged the searches' requests.
  EXPECT_GT(policy.widest_batch(), 1u);
  // Nothing lost between the searches and the shared components.
  int64_t policy_calls = 0, scorer_calls = 0;
  for (const Snapshot& s : parallel) {
    policy_calls += s.result.usage.policy_calls;
    scorer_calls += s.result.usage.scorer_calls;
  }
  int64_t requested = 0;
  for (const ExpandRequest& r : inner.requests()) requested += r.n;
  EXPECT_EQ(policy_calls, requested);
  EXPECT_EQ(scorer_calls, scorer.calls());

  // Each search is exactly what it is alone.
  for (size_t slot = 0; slot < parallel.size(); ++slot) {
    FakeTreePolicy own_policy(tree_options);
    TableScorer own_scorer(score_fn);
    const Snapshot alone = Search(own_policy, own_scorer, 100 + slot);
    const Snapshot& p = parallel[slot];
    EXPECT_EQ(p.texts, alone.texts) << slot;
    EXPECT_EQ(p.parents, alone.parents) << slot;
    EXPECT_EQ(p.visits, alone.visits) << slot;
    EXPECT_EQ(p.value_sums, alone.value_sums) << slot;
    EXPECT_EQ(p.result.chosen, alone.result.chosen) << slot;
    EXPECT_EQ(p.result.stop_reason, alone.result.stop_reason) << slot;
    EXPECT_EQ(p.result.counters, alone.result.counters) << slot;
  }
}

INSTANTIATE_TEST_SUITE_P(
    TreeSearches, ParallelSearchTest,
    ::testing::Values(
        Case{"mcts", {{"k", 4}, {"simulations", 40}, {"batch_size", 4}}, 16},
        Case{"vm_mcts", {{"num_sample", 4}, {"iteration_limit", 12}, {"batch_size", 3}}, 12},
        Case{"pg_td", {{"k", 3}, {"rollouts", 30}, {"batch_size", 4}}, 12},
        Case{"first_finish", {{"n", 8}, {"chunk_tokens", 1}}, 8}),
    [](const auto& info) { return info.param.algorithm; });

}  // namespace
}  // namespace ponder
