// Contracts every registered algorithm keeps, on the fake tree problem:
// it finds a planted answer, respects its budget, and replays per seed.
#include <gtest/gtest.h>

#include <map>

#include "tests/fakes/search_harness.h"

namespace ponder {
namespace {

using testing::FavourTarget;
using testing::PrefixMatchScore;
using testing::SearchHarness;

// Settings under which each algorithm should find the planted answer; every
// registered algorithm must appear here.
const std::map<std::string, Params>& ContractParams() {
  static const auto* params = new std::map<std::string, Params>{
      {"best_of_n", {{"n", 64}}},
      {"majority_vote", {{"n", 64}}},
      {"beam_search", {{"n", 16}, {"beam_width", 4}}},
      {"diverse_beam_search", {{"beam_width", 16}, {"groups", 4}, {"samples_per_beam", 4}}},
      {"dvts", {{"n", 16}, {"beam_width", 4}}},
      {"a_star", {{"k", 4}}},
      {"particle_filtering", {{"n", 16}}},
      {"mcts", {{"k", 8}, {"simulations", 64}}},
      {"vm_mcts", {{"num_sample", 8}, {"iteration_limit", 16}}},
      {"pg_td", {{"k", 4}, {"rollouts", 32}}},
      {"first_finish", {{"n", 64}, {"chunk_tokens", 1}}},
  };
  return *params;
}

std::vector<std::string> RegisteredNames() {
  AlgorithmRegistry registry;
  RegisterBuiltinAlgorithms(registry);
  std::vector<std::string> names;
  for (const auto& e : registry.entries()) names.push_back(e.name);
  return names;
}

TEST(AlgorithmContract, EveryRegisteredAlgorithmIsCovered) {
  for (const std::string& name : RegisteredNames()) {
    EXPECT_TRUE(ContractParams().contains(name)) << name << " has no contract settings";
  }
}

class ContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  SearchHarness MakeHarness(uint64_t seed) {
    SearchHarness h;
    h.seed = seed;
    h.tree_options = {
        .alphabet = "abcd", .depth = 3, .distribution = FavourTarget("cab", "abcd", 4.0)};
    h.score_fn = PrefixMatchScore("cab");
    return h;
  }
  const Params& params() const { return ContractParams().at(GetParam()); }
};

TEST_P(ContractTest, FindsThePlantedAnswer) {
  SearchHarness h = MakeHarness(1);
  auto r = h.Run(GetParam(), params());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->complete);
  EXPECT_EQ(r->answer, "cab");
}

TEST_P(ContractTest, RespectsTheBudgetWithinOneBatch) {
  SearchHarness h = MakeHarness(2);
  h.budget.max_policy_calls = 10;
  auto r = h.Run(GetParam(), params());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stop_reason, "budget:max_policy_calls");
  // Each algorithm checks before a batch; no contract setting asks for more than 64 at once.
  EXPECT_LE(r->usage.policy_calls, 10 + 64);
  EXPECT_EQ(r->usage.expansions, static_cast<int64_t>(h.tree().size()) - 1);
}

TEST_P(ContractTest, ReplaysExactlyPerSeed) {
  SearchHarness a = MakeHarness(3), b = MakeHarness(3);
  auto ra = a.Run(GetParam(), params());
  auto rb = b.Run(GetParam(), params());
  ASSERT_TRUE(ra.ok() && rb.ok());
  ASSERT_EQ(a.tree().size(), b.tree().size());
  for (NodeId i = 0; i < a.tree().size(); ++i) {
    const Node &x = a.tree().at(i), &y = b.tree().at(i);
    ASSERT_EQ(x.text, y.text);
    ASSERT_EQ(x.parent, y.parent);
    ASSERT_EQ(x.visits, y.visits);
    ASSERT_TRUE((std::isnan(x.score) && std::isnan(y.score)) || x.score == y.score);
  }
  EXPECT_EQ(ra->chosen, rb->chosen);
  EXPECT_EQ(ra->answer, rb->answer);
}

INSTANTIATE_TEST_SUITE_P(AllAlgorithms, ContractTest, ::testing::ValuesIn(RegisteredNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ponder
