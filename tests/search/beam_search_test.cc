#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "tests/fakes/search_harness.h"

namespace ponder {
namespace {

using testing::HashScore;
using testing::SearchHarness;

std::set<NodeId> SelectedNodes(const SearchHarness& h) {
  const std::vector<NodeId> nodes = h.trace->NodesOf(TraceEventKind::kSelect);
  return {nodes.begin(), nodes.end()};
}

TEST(BeamSearchTest, KeepsExactlyTheTopNOverMByScoreAtEachDepthAndPrunesTheRest) {
  SearchHarness h;
  h.tree_options = {.alphabet = "abcd", .depth = 4, .distribution = {}};
  h.score_fn = HashScore;
  auto r = h.Run("beam_search", {{"n", 8}, {"beam_width", 2}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Tree& tree = h.tree();
  const std::set<NodeId> selected = SelectedNodes(h);

  std::map<int, std::vector<NodeId>> by_depth;
  for (NodeId i = 1; i < tree.size(); ++i) by_depth[tree.at(i).depth].push_back(i);
  ASSERT_EQ(by_depth.size(), 4u);
  for (const auto& [depth, nodes] : by_depth) {
    // N candidates at every depth: N first steps, then N/M beams x M.
    EXPECT_EQ(nodes.size(), 8u) << "depth " << depth;
    for (NodeId n : nodes) {
      if (depth > 1) {
        EXPECT_TRUE(selected.contains(tree.at(n).parent)) << n;
      }
    }
    if (depth == 4) continue;  // complete solutions: nothing is kept or pruned
    std::vector<NodeId> ranked = nodes;
    std::sort(ranked.begin(), ranked.end(), [&](NodeId a, NodeId b) {
      return tree.at(a).score != tree.at(b).score ? tree.at(a).score > tree.at(b).score : a < b;
    });
    for (size_t i = 0; i < ranked.size(); ++i) {
      const bool kept = i < 4;  // N/M = 4
      EXPECT_EQ(selected.contains(ranked[i]), kept) << "depth " << depth << " rank " << i;
      if (!kept) {
        EXPECT_TRUE(tree.at(ranked[i]).dropped) << "depth " << depth << " rank " << i;
      }
    }
  }
  // The 8 complete solutions end the search; the answer is the best-scored one.
  double best = 0;
  for (NodeId n : by_depth[4]) best = std::max(best, tree.at(n).score);
  EXPECT_TRUE(r->complete);
  EXPECT_EQ(r->score, best);
  EXPECT_EQ(r->usage.policy_batches, 4);
  EXPECT_EQ(r->usage.scorer_batches, 4);
  EXPECT_EQ(r->stop_reason, "completed");
}

TEST(BeamSearchTest, PrunedBranchesAreForgottenByThePolicy) {
  SearchHarness h;
  h.tree_options = {.alphabet = "abcd", .depth = 4, .distribution = {}};
  h.score_fn = HashScore;
  ASSERT_TRUE(h.Run("beam_search", {{"n", 8}, {"beam_width", 2}}).ok());
  // Finish forgets the live nodes; every node is forgotten exactly once.
  std::vector<NodeId> forgotten = h.policy->forgotten();
  std::sort(forgotten.begin(), forgotten.end());
  EXPECT_EQ(std::adjacent_find(forgotten.begin(), forgotten.end()), forgotten.end());
  EXPECT_EQ(forgotten.size(), h.tree().size());
  EXPECT_FALSE(h.trace->EventsOf(TraceEventKind::kPrune).empty());
}

TEST(BeamSearchTest, FindsTheAnswerAPrmPointsTo) {
  SearchHarness h;
  h.tree_options = {.alphabet = "abcd", .depth = 5, .distribution = {}};
  h.score_fn = testing::PrefixMatchScore("dcbad");
  auto r = h.Run("beam_search", {{"n", 16}, {"beam_width", 4}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->answer, "dcbad");
}

TEST(BeamSearchTest, SelectionChoosesByScoreOrByWeightedMajority) {
  SearchHarness h;
  // One-step solutions: "a" scores 0.9 but is rare, "b" scores 0.5 and is common.
  h.tree_options = {.alphabet = "ab", .depth = 1, .distribution = [](std::string_view) {
                      return std::vector<testing::CharChoice>{{'a', 2}, {'b', 8}};
                    }};
  h.score_fn = [](std::string_view path) { return path == "a" ? 0.9 : 0.5; };
  auto by_score = h.Run("beam_search", {{"n", 16}, {"beam_width", 4}});
  ASSERT_TRUE(by_score.ok());
  int a = 0;
  for (NodeId c : h.tree().root().children) a += h.tree().at(c).text == "a";
  ASSERT_GT(a, 0);
  ASSERT_LT(a * 0.9, (16 - a) * 0.5);
  auto weighted =
      h.Run("beam_search", {{"n", 16}, {"beam_width", 4}, {"selection", "weighted_majority"}});
  ASSERT_TRUE(weighted.ok());
  EXPECT_EQ(by_score->answer, "a");
  EXPECT_EQ(weighted->answer, "b");
}

TEST(BeamSearchTest, FilterDuplicatesMergesIdenticalSiblings) {
  SearchHarness h;
  h.tree_options = {.alphabet = "ab", .depth = 3, .distribution = {}};
  h.score_fn = HashScore;
  ASSERT_TRUE(
      h.Run("beam_search", {{"n", 8}, {"beam_width", 4}, {"filter_duplicates", true}}).ok());
  for (const Node& node : h.tree().nodes()) {
    std::set<std::string> texts;
    for (NodeId c : node.children) EXPECT_TRUE(texts.insert(h.tree().at(c).text).second);
  }
}

TEST(BeamSearchTest, BudgetCutReturnsTheBestBeamSoFar) {
  SearchHarness h;
  h.tree_options = {.alphabet = "abcd", .depth = 4, .distribution = {}};
  h.score_fn = HashScore;
  h.budget.max_policy_calls = 12;  // the first step (8) and the second (8) start under it
  auto r = h.Run("beam_search", {{"n", 8}, {"beam_width", 2}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stop_reason, "budget:max_policy_calls");
  EXPECT_EQ(r->usage.policy_calls, 16);
  // The policy budget ends the search, not the scoring: the second step's candidates, already
  // generated, are still ranked, and the answer is the best of them.
  EXPECT_EQ(r->usage.scorer_calls, 16);
  EXPECT_FALSE(r->complete);
  double best = 0;
  for (NodeId n = 1; n < h.tree().size(); ++n) {
    if (h.tree().at(n).depth == 2) best = std::max(best, h.tree().at(n).score);
  }
  EXPECT_EQ(h.tree().at(r->chosen).depth, 2);
  EXPECT_EQ(r->score, best);
}

TEST(BeamSearchTest, ATokenBudgetSpentOnTheLastStepStillReturnsACompleteSolution) {
  SearchHarness h;
  h.tree_options = {.alphabet = "abcd", .depth = 3, .distribution = {}};
  h.score_fn = HashScore;
  h.budget.max_tokens = 20;  // steps 1 and 2 (8 tokens each) start under it; step 3 ends it
  auto r = h.Run("beam_search", {{"n", 8}, {"beam_width", 2}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stop_reason, "budget:max_tokens");
  EXPECT_EQ(r->usage.generated_tokens, 24);
  // The last step's complete solutions were generated: the answer is the best of them, not a
  // partial beam.
  EXPECT_TRUE(r->complete);
  double best = 0;
  for (NodeId n = 1; n < h.tree().size(); ++n) {
    if (h.tree().at(n).terminal) best = std::max(best, h.tree().at(n).score);
  }
  EXPECT_EQ(r->score, best);
}

TEST(BeamSearchTest, RejectsNThatIsNotAMultipleOfTheBeamWidth) {
  SearchHarness h;
  auto r = h.Run("beam_search", {{"n", 10}, {"beam_width", 4}});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("beam_width"), std::string::npos) << r.status().ToString();
}

}  // namespace
}  // namespace ponder
