#include "search/selection.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ponder {
namespace {

TEST(SelectionTest, UctFavoursUnvisitedThenBalancesValueAndExploration) {
  EXPECT_TRUE(std::isinf(Uct(0, 0, 10, 1.4)));
  EXPECT_NEAR(Uct(0.5, 4, 16, 1.0), 0.5 + std::sqrt(std::log(16.0) / 4), 1e-12);
  // A rarely visited child overtakes a slightly better, well visited one.
  EXPECT_GT(Uct(0.4, 2, 100, 1.0), Uct(0.5, 90, 100, 1.0));
}

TEST(SelectionTest, PuctWeighsThePriorAndDecaysWithVisits) {
  EXPECT_NEAR(Puct(0.1, 0.5, 3, 16, 2.0), 0.1 + 2.0 * 0.5 * 4.0 / 4.0, 1e-12);
  EXPECT_GT(Puct(0, 0.9, 0, 10, 1), Puct(0, 0.1, 0, 10, 1));
  EXPECT_GT(Puct(0, 0.5, 0, 10, 1), Puct(0, 0.5, 5, 10, 1));
}

TEST(SelectionTest, PUcbWeightGrowsWithVisitsAndVanishesAtTheFirstVisit) {
  // beta = ln((N + c_base + 1) / c_base) + c; the exploration term is zero while ln N is.
  EXPECT_DOUBLE_EQ(PUcb(0.3, 0.5, 0, 1, 4, 10), 0.3);
  const double beta = std::log((16.0 + 10 + 1) / 10) + 4;
  EXPECT_NEAR(PUcb(0.3, 0.5, 3, 16, 4, 10), 0.3 + beta * 0.5 * std::sqrt(std::log(16.0)) / 4,
              1e-12);
  EXPECT_GT(PUcb(0, 0.8, 0, 5, 4, 10), PUcb(0, 0.2, 0, 5, 4, 10));
}

TEST(SelectionTest, SmoothedUctIsFiniteForUnvisitedChildren) {
  EXPECT_NEAR(SmoothedUct(0.5, 0, 1, 0.1, 0.1), 0.5 + 0.1 * std::sqrt(1 / 0.1), 1e-12);
  EXPECT_NEAR(SmoothedUct(0.5, 3, 20, 0.2, 0.1), 0.5 + 0.2 * std::sqrt((1 + std::log(20.0)) / 3.1),
              1e-12);
  EXPECT_GT(SmoothedUct(0.4, 1, 10, 0.1, 0.1), SmoothedUct(0.4, 5, 10, 0.1, 0.1));
}

Tree ScoredTree(const std::vector<double>& scores) {
  Tree tree;
  for (double s : scores) {
    Node n;
    n.text = "s";
    n.score = s;
    tree.AddChild(kRootNode, n);
  }
  return tree;
}

TEST(SelectionTest, BestScoredSkipsUnscoredAndBreaksTiesByLowerId) {
  Tree tree = ScoredTree({0.2, kNoScore, 0.9, 0.9});
  const std::vector<NodeId> all = {1, 2, 3, 4};
  EXPECT_EQ(BestScored(tree, all), 3u);
  const std::vector<NodeId> unscored = {2};
  EXPECT_EQ(BestScored(tree, unscored), kNoNode);
}

TEST(SelectionTest, TopKRanksUnscoredLast) {
  Tree tree = ScoredTree({0.2, kNoScore, 0.9, 0.5});
  const std::vector<NodeId> all = {1, 2, 3, 4};
  EXPECT_EQ(TopK(tree, all, 3), (std::vector<size_t>{2, 3, 0}));
  EXPECT_EQ(TopK(tree, all, 10).size(), 4u);
}

TEST(SelectionTest, VotesCountOrWeighByScore) {
  Tree tree;
  auto add = [&](std::string answer, double score) {
    Node n;
    n.text = "s";
    n.has_answer = true;
    n.answer = std::move(answer);
    n.score = score;
    return tree.AddChild(kRootNode, n);
  };
  const std::vector<NodeId> nodes = {add("4", 0.1), add("5", 0.9), add("4", 0.2), add("4", 0.3),
                                     add("5", 0.8)};
  auto counted = TallyVotes(tree, nodes, VoteWeight::kCount);
  ASSERT_EQ(counted.size(), 2u);
  EXPECT_EQ(counted[0].answer, "4");
  EXPECT_EQ(counted[0].count, 3);
  EXPECT_EQ(counted[0].best, nodes[3]);
  auto weighted = TallyVotes(tree, nodes, VoteWeight::kScore);
  EXPECT_EQ(weighted[0].answer, "5");
  EXPECT_NEAR(weighted[0].weight, 1.7, 1e-12);
}

}  // namespace
}  // namespace ponder
