#include <gtest/gtest.h>

#include <algorithm>

#include "tests/fakes/search_harness.h"
#include "tests/search/tree_checks.h"

namespace ponder {
namespace {

using testing::FavourTarget;
using testing::PrefixMatchScore;
using testing::SearchHarness;

// Every step is valued as it is created and counts one visit; a completion (a rollout) is
// never visited.
bool IsCompletion(const Node& n) { return n.id != kRootNode && n.visits == 0; }

SearchHarness Harness() {
  SearchHarness h;
  h.tree_options = {
      .alphabet = "abcd", .depth = 5, .distribution = FavourTarget("dcbad", "abcd", 2.0)};
  h.score_fn = PrefixMatchScore("dcbad");
  return h;
}

TEST(VmMctsTest, TheValueModelScoresEveryNewStepAndEveryCompletion) {
  SearchHarness h = Harness();
  auto r = h.Run("vm_mcts", {{"num_sample", 6}, {"num_decision", 2}, {"iteration_limit", 12}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Tree& tree = h.tree();
  int completions = 0, open_steps = 0;
  for (const Node& n : tree.nodes()) {
    if (n.id == kRootNode) continue;
    // Process signal and verification: every node but the root carries a VM score.
    EXPECT_TRUE(n.scored()) << n.id;
    if (IsCompletion(n)) {
      ++completions;
      EXPECT_TRUE(n.terminal) << n.id;
    } else if (!n.terminal) {
      ++open_steps;
    }
  }
  // Each unfinished step was completed by exactly one rollout.
  EXPECT_GT(completions, 0);
  EXPECT_EQ(completions, open_steps);
  // One VM batch per expansion: the new steps and their completions together.
  const auto requests = h.policy->requests();
  EXPECT_EQ(h.scorer->batches(), std::count_if(requests.begin(), requests.end(), [](auto& q) {
              return q.mode == ExpandMode::kStep;
            }));
}

TEST(VmMctsTest, OnlyTheNumDecisionBestChildrenAreSelected) {
  SearchHarness h = Harness();
  auto r = h.Run("vm_mcts", {{"num_sample", 8},
                             {"num_decision", 2},
                             {"iteration_limit", 30},
                             {"exploration_constant", 5.0}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Tree& tree = h.tree();
  for (const Node& n : tree.nodes()) {
    std::vector<NodeId> steps;
    for (NodeId c : n.children) {
      if (!IsCompletion(tree.at(c))) steps.push_back(c);
    }
    if (steps.size() <= 2) continue;
    std::stable_sort(steps.begin(), steps.end(),
                     [&](NodeId a, NodeId b) { return tree.at(a).score > tree.at(b).score; });
    // Beyond the best two, a child keeps the single visit of its own evaluation.
    for (size_t i = 2; i < steps.size(); ++i) EXPECT_EQ(tree.at(steps[i]).visits, 1) << steps[i];
  }
}

TEST(VmMctsTest, BackupAddsTheChildrensVisitsAndValues) {
  SearchHarness h = Harness();
  auto r = h.Run("vm_mcts", {{"num_sample", 5}, {"iteration_limit", 20}, {"batch_size", 3}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Each node's own evaluation is the VM's score of it.
  testing::ExpectVisitsAddUp(h.tree(), [](const Node& n) { return n.score; });
  EXPECT_GT(h.tree().root().visits, 0);
}

TEST(VmMctsTest, AnswersWithTheBestVerifiedCompletion) {
  SearchHarness h = Harness();
  auto r = h.Run("vm_mcts", {{"num_sample", 6}, {"iteration_limit", 16}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  double best = -1;
  for (const Node& n : h.tree().nodes()) {
    if (n.terminal && n.scored()) best = std::max(best, n.score);
  }
  EXPECT_TRUE(r->complete);
  EXPECT_EQ(r->score, best);
  EXPECT_EQ(r->answer, "dcbad");
}

TEST(VmMctsTest, SelectionFollowsTheSmoothedUct) {
  // Two iterations: the root's children are valued, then the best-valued one is expanded
  // (with exploration 0 UCT is the value alone).
  SearchHarness h = Harness();
  auto r =
      h.Run("vm_mcts", {{"num_sample", 8}, {"iteration_limit", 2}, {"exploration_constant", 0.0}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto requests = h.policy->requests();
  ASSERT_GE(requests.size(), 2u);
  NodeId best = kNoNode;
  for (NodeId c : h.tree().root().children) {
    if (best == kNoNode || h.tree().at(c).score > h.tree().at(best).score) best = c;
  }
  const auto steps = [&] {
    std::vector<NodeId> nodes;
    for (const ExpandRequest& req : requests) {
      if (req.mode == ExpandMode::kStep) nodes.push_back(req.node);
    }
    return nodes;
  }();
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0], kRootNode);
  EXPECT_EQ(steps[1], best);
  EXPECT_EQ(h.tree().at(best).text, "d");
}

}  // namespace
}  // namespace ponder
