#include <gtest/gtest.h>

#include "tests/fakes/search_harness.h"

namespace ponder {
namespace {

using testing::PrefixMatchScore;
using testing::SearchHarness;

// 64 equally likely three-letter words over "abcd"; the scorer favours "dab".
SearchHarness ThreeLetterWords() {
  SearchHarness h;
  h.tree_options = {.alphabet = "abcd", .depth = 3, .distribution = {}};
  h.score_fn = PrefixMatchScore("dab");
  return h;
}

TEST(BestOfNTest, ReturnsTheHighestScoredOfNSamples) {
  SearchHarness h = ThreeLetterWords();
  auto r = h.Run("best_of_n", {{"n", 64}, {"batch_size", 16}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // 64 uniform samples over 64 strings: the scorer's favourite is found (or its best prefix).
  const auto& leaves = h.tree().root().children;
  ASSERT_EQ(leaves.size(), 64u);
  double best = 0;
  for (NodeId l : leaves) best = std::max(best, h.tree().at(l).score);
  EXPECT_EQ(r->score, best);
  EXPECT_EQ(h.tree().at(r->chosen).score, best);
  EXPECT_EQ(r->usage.policy_calls, 64);
  EXPECT_EQ(r->usage.policy_batches, 4);
  EXPECT_EQ(r->usage.scorer_calls, 64);
  EXPECT_TRUE(r->complete);
}

TEST(BestOfNTest, BudgetCutsTheSampleAndStillAnswers) {
  SearchHarness h = ThreeLetterWords();
  h.budget.max_policy_calls = 20;
  auto r = h.Run("best_of_n", {{"n", 64}, {"batch_size", 8}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->usage.policy_calls, 24);  // 3 batches of 8: the third started under the limit
  EXPECT_EQ(r->stop_reason, "budget:max_policy_calls");
  // A spent generation budget still lets the samples be ranked: the answer is the best of the
  // 24, not the first one drawn.
  EXPECT_EQ(r->usage.scorer_calls, 24);
  double best = 0;
  for (NodeId l : h.tree().root().children) best = std::max(best, h.tree().at(l).score);
  EXPECT_EQ(r->score, best);
}

TEST(BestOfNTest, AScorerBudgetStopsTheRanking) {
  SearchHarness h = ThreeLetterWords();
  h.budget.max_scorer_calls = 10;
  auto r = h.Run("best_of_n", {{"n", 32}, {"batch_size", 8}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->usage.policy_calls, 32);
  EXPECT_EQ(r->usage.scorer_calls, 16);  // 2 batches of 8: the second started under the limit
  EXPECT_EQ(r->stop_reason, "budget:max_scorer_calls");
}

TEST(BestOfNTest, NeedsAScorer) {
  SearchHarness h;
  h.with_scorer = false;
  auto r = h.Run("best_of_n", {{"n", 2}});
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace ponder
