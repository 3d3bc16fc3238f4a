#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "tests/fakes/search_harness.h"

namespace ponder {
namespace {

using testing::SearchHarness;

// Solutions starting with 'a' look far better to this PRM than those starting with 'b'.
double FavoursA(std::string_view path) { return path.front() == 'a' ? 0.9 : 0.1; }

TEST(DvtsTest, SubtreesAreIndependentGreedyBeams) {
  SearchHarness h;
  h.tree_options = {.alphabet = "ab", .depth = 3, .distribution = {}};
  h.score_fn = FavoursA;
  auto r = h.Run("dvts", {{"n", 8}, {"beam_width", 2}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Tree& tree = h.tree();

  // N/M = 4 subtrees; subtree s owns the prompt's children 2s and 2s+1.
  const std::vector<NodeId>& first = tree.root().children;
  ASSERT_EQ(first.size(), 8u);
  const std::vector<NodeId> chosen = h.trace->NodesOf(TraceEventKind::kSelect);
  const std::set<NodeId> selected(chosen.begin(), chosen.end());
  int b_only_subtrees = 0;
  for (size_t s = 0; s < 4; ++s) {
    const NodeId x = first[2 * s], y = first[2 * s + 1];
    // Each subtree keeps the better of its own two first steps, however poor both are.
    const NodeId best = tree.at(y).score > tree.at(x).score ? y : x;
    EXPECT_TRUE(selected.contains(best));
    EXPECT_FALSE(selected.contains(best == x ? y : x));
    b_only_subtrees += tree.at(x).text == "b" && tree.at(y).text == "b";
    // ... and follows it to a complete solution: one chosen node per depth.
    NodeId node = best;
    for (int depth = 2; depth <= 3; ++depth) {
      NodeId next = kNoNode;
      for (NodeId c : tree.at(node).children) {
        if (selected.contains(c)) {
          EXPECT_EQ(next, kNoNode) << "two chosen children of node " << node;
          next = c;
        }
      }
      ASSERT_NE(next, kNoNode) << "subtree " << s << " stopped at depth " << depth - 1;
      EXPECT_EQ(tree.at(node).children.size(), 2u);
      node = next;
    }
    EXPECT_TRUE(tree.at(node).terminal);
  }
  // A subtree that only sampled poor first steps still ran to the end: beam search
  // (which keeps the N/M best of all 8) would have pruned it at the first step.
  EXPECT_GT(b_only_subtrees, 0) << "pick a seed where some subtree sampled only 'b'";

  // Pruning stays inside a subtree: every dropped node is a sibling of a chosen one.
  for (NodeId n = 1; n < tree.size(); ++n) {
    if (!tree.at(n).dropped) continue;
    bool sibling_chosen = false;
    if (tree.at(n).parent == kRootNode) {
      const size_t index =
          static_cast<size_t>(std::find(first.begin(), first.end(), n) - first.begin());
      sibling_chosen = selected.contains(first[index ^ 1]);
    } else {
      for (NodeId c : tree.at(tree.at(n).parent).children) sibling_chosen |= selected.contains(c);
    }
    EXPECT_TRUE(sibling_chosen) << "node " << n;
    EXPECT_FALSE(selected.contains(n));
  }
  EXPECT_TRUE(r->complete);
  EXPECT_EQ(r->answer.front(), 'a');
}

TEST(DvtsTest, FinishedSubtreesOfferTheirLastMCandidates) {
  SearchHarness h;
  h.tree_options = {.alphabet = "abc", .depth = 2, .distribution = {}};
  h.score_fn = [](std::string_view path) { return path == "cc" ? 1.0 : 0.2; };
  auto r = h.Run("dvts", {{"n", 12}, {"beam_width", 3}});
  ASSERT_TRUE(r.ok());
  // The answer is the best complete candidate any subtree offered, chosen or not.
  double best = 0;
  for (const Node& n : h.tree().nodes()) {
    if (n.terminal && !n.dropped) best = std::max(best, n.score);
  }
  EXPECT_EQ(r->score, best);
  for (const Node& n : h.tree().nodes()) {
    if (n.depth == 2) {
      EXPECT_FALSE(n.dropped) << "a last-step candidate was dropped";
    }
  }
  EXPECT_EQ(r->usage.policy_calls, 12 + 12);
}

TEST(DvtsTest, BudgetCutOffersEachSubtreesCurrentNode) {
  SearchHarness h;
  h.tree_options = {.alphabet = "ab", .depth = 4, .distribution = {}};
  h.score_fn = FavoursA;
  h.budget.max_scorer_calls = 8;
  auto r = h.Run("dvts", {{"n", 8}, {"beam_width", 2}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stop_reason, "budget:max_scorer_calls");
  EXPECT_FALSE(r->complete);
  EXPECT_EQ(h.tree().at(r->chosen).depth, 1);
  EXPECT_TRUE(h.trace->EventsOf(TraceEventKind::kSelect).size() == 4);
}

TEST(DvtsTest, RejectsNThatIsNotAMultipleOfTheBeamWidth) {
  SearchHarness h;
  auto r = h.Run("dvts", {{"n", 9}, {"beam_width", 2}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ponder
